import type { ReactNode } from "react";

/** A column heading: its label, right-aligned for figures (`num`), or read only by screen readers (`hidden`). */
export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** A data table's heading row. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, num, hidden } = typeof column === "string" ? { label: column } : column;
          return (
            <th key={label} scope="col" className={num ? "num" : undefined}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** The row a data table shows when it has none: one muted cell across `span` columns. */
export function EmptyRow({ span, children }: { span: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={span} className="muted">
        {children}
      </td>
    </tr>
  );
}

/** The last column of a table whose rows end in action buttons. */
export const ACTIONS_COLUMN: Column = { label: "Actions", hidden: true };

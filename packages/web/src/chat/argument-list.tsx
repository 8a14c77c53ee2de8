/**
 * A tool call's arguments as labelled values, shown exactly (no summarising), so a person can see
 * what will be read or written. Nested objects and lists nest; long text keeps its line breaks.
 */
export function ArgumentList({ args, depth = 0 }: { args: unknown; depth?: number }) {
  if (args === null || typeof args !== "object") return <ArgumentValue value={args} depth={depth} />;
  const entries = Array.isArray(args)
    ? args.map((v, i) => [String(i + 1), v] as const)
    : Object.entries(args);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <dl className="argument-list">
      {entries.map(([key, value]) => (
        <div key={key} className="argument">
          <dt>{humanKey(key)}</dt>
          <dd>
            <ArgumentValue value={value} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ArgumentValue({ value, depth }: { value: unknown; depth: number }) {
  if (typeof value === "string") return <span className="argument-text">{value}</span>;
  if (value === null || value === undefined) return <span className="muted">empty</span>;
  if (typeof value !== "object") return <span className="argument-text">{String(value)}</span>;
  if (depth > 3) return <pre className="argument-json">{JSON.stringify(value, null, 2)}</pre>;
  return <ArgumentList args={value} depth={depth} />;
}

/** `issueType` and `issue_type` both read as "issue type". */
export function humanKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
}

/** A one-line taste of the arguments for a collapsed card: the first few values, shortened. */
export function argumentsBrief(args: unknown, max = 80): string {
  if (args === null || typeof args !== "object") return args === undefined ? "" : shorten(String(args), max);
  const values = Object.values(args)
    .filter((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    .map(String);
  return shorten(values.join(" · "), max);
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

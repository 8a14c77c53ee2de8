import ExcelJS from "exceljs";
import type { BlobStore, BlobStream } from "../storage/blob-store.ts";
import type { CapLine, CapReport, HoursAndCost } from "./types.ts";

/**
 * The capitalisation report as a CSV or an XLSX file: one row per worklog line with every column the
 * report shows, then the totals, so a finance reader can re-add every figure.
 */

export type ExportFormat = "csv" | "xlsx";

const lineHeader = [
  "Worklog",
  "Issue",
  "Issue summary",
  "Epic",
  "Account id",
  "Person",
  "Work date",
  "Seconds",
  "Hours",
  "Treatment",
  "Phase",
  "Reason",
  "Rate id",
  "Rate for",
  "Rate subject",
  "Hourly rate",
  "Rate from",
  "Cost",
] as const;

type Cell = string | number | null;

function lineRow(line: CapLine): Cell[] {
  return [
    line.worklogId,
    line.issueKey,
    line.issueSummary,
    line.epicKey,
    line.accountId,
    line.authorName,
    line.workDate,
    line.seconds,
    line.hours,
    line.treatment,
    line.phase,
    line.reason,
    line.rate?.id ?? null,
    line.rate?.subjectKind ?? null,
    line.rate?.subject ?? null,
    line.rate?.hourlyRate ?? null,
    line.rate?.effectiveFrom ?? null,
    line.cost,
  ];
}

/** The totals block: label, hours, cost, worklogs. */
function totalRows(report: CapReport): Cell[][] {
  const t = report.totals;
  const row = (label: string, figure: HoursAndCost): Cell[] => [label, figure.hours, figure.cost, null];
  return [
    ["Totals", "Hours", `Cost (${report.currency})`, "Worklogs"],
    row("Capitalisable", t.capitalisable),
    row("Expensed", t.expensed),
    row("Unclassified", t.unclassified),
    row("Total (rated)", t.total),
    ["Unrated (no cost)", t.unrated.hours, null, t.unrated.worklogs],
    ["All worklogs", null, null, t.worklogs],
  ];
}

function aboutRows(report: CapReport): Cell[][] {
  return [
    ["Period", report.period.from, report.period.to],
    ["Projects", report.projects.join(", ")],
    ["Currency", report.currency],
    ["Rounding", report.rounding],
    ["Generated", report.generatedAt],
    ["Worklogs synced", report.syncedAt ?? "never"],
  ];
}

/**
 * A text cell a spreadsheet could take for a formula (= + - @, or a tab or carriage return that
 * some programs strip before one) is prefixed with an apostrophe, so opening the file runs nothing.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 (CRLF, quoted fields) with a UTF-8 byte order mark, so Excel reads accents right. */
export function capReportCsv(report: CapReport, lines: readonly CapLine[]): string {
  const rows: Cell[][] = [
    [...lineHeader],
    ...lines.map(lineRow),
    [],
    ...totalRows(report),
    [],
    ...aboutRows(report),
  ];
  return `\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** Excel's number format for amounts with the currency's minor units: `#,##0.00 "EUR"`. */
export function currencyFormat(report: CapReport): string {
  const places = report.totals.total.cost.split(".")[1]?.length ?? 0;
  return `#,##0${places ? `.${"0".repeat(places)}` : ""} "${report.currency}"`;
}

const hoursFormat = "#,##0.00";
const money = (value: string | null) => (value === null ? null : Number(value));

/**
 * The workbook: Summary (totals and the method), Epics, People, Lines (every worklog) and
 * Exceptions (unclassified and unrated work). Hours and money are numeric cells, formatted.
 */
export async function capReportXlsx(report: CapReport, lines: readonly CapLine[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = "Finchat";
  book.created = new Date(report.generatedAt);
  const currency = currencyFormat(report);

  const summary = book.addWorksheet("Summary");
  for (const row of totalRows(report)) summary.addRow(row.map(numeric));
  summary.addRow([]);
  for (const row of aboutRows(report)) summary.addRow(row);
  formatColumns(summary, { 2: hoursFormat, 3: currency });

  const split = ["Capitalisable", "Expensed", "Unclassified"] as const;
  const splitHeader = split.flatMap((s) => [`${s} hours`, `${s} cost`]);
  const epics = book.addWorksheet("Epics");
  epics.addRow([
    "Epic",
    "Summary",
    "Project",
    "Development from",
    "Post-implementation from",
    ...splitHeader,
    "Unrated hours",
    "Worklogs",
  ]);
  for (const e of report.epics) {
    epics.addRow([
      e.epicKey ?? "(no epic)",
      e.summary,
      e.projectKey,
      e.phases?.developmentFrom ?? null,
      e.phases?.postImplementationFrom ?? null,
      ...figures(e),
      Number(e.unratedHours),
      e.worklogs,
    ]);
  }
  formatColumns(epics, {
    6: hoursFormat,
    7: currency,
    8: hoursFormat,
    9: currency,
    10: hoursFormat,
    11: currency,
    12: hoursFormat,
  });

  const people = book.addWorksheet("People");
  people.addRow(["Account id", "Person", "Role", ...splitHeader, "Unrated hours", "Worklogs"]);
  for (const p of report.people) {
    people.addRow([p.accountId, p.name, p.role, ...figures(p), Number(p.unratedHours), p.worklogs]);
  }
  formatColumns(people, {
    4: hoursFormat,
    5: currency,
    6: hoursFormat,
    7: currency,
    8: hoursFormat,
    9: currency,
    10: hoursFormat,
  });

  addLineSheet(book.addWorksheet("Lines"), lines, currency);
  const exceptions = book.addWorksheet("Exceptions");
  exceptions.addRow(["Kind", ...lineHeader]);
  for (const [kind, list] of [
    ["unclassified", report.exceptions.unclassified],
    ["unrated", report.exceptions.unrated],
  ] as const) {
    for (const line of list) exceptions.addRow([kind, ...lineCells(line)]);
  }
  formatColumns(exceptions, { 10: hoursFormat, 17: currency, 19: currency });

  return new Uint8Array(await book.xlsx.writeBuffer());
}

function figures(s: Pick<CapReport["totals"], "capitalisable" | "expensed" | "unclassified">): number[] {
  return [s.capitalisable, s.expensed, s.unclassified].flatMap((f) => [Number(f.hours), Number(f.cost)]);
}

/** A line's cells with hours, rate and cost as numbers. */
function lineCells(line: CapLine): Cell[] {
  const row = lineRow(line);
  row[8] = Number(line.hours);
  row[15] = money(line.rate?.hourlyRate ?? null);
  row[17] = money(line.cost);
  return row;
}

function addLineSheet(sheet: ExcelJS.Worksheet, lines: readonly CapLine[], currency: string): void {
  sheet.addRow([...lineHeader]);
  for (const line of lines) sheet.addRow(lineCells(line));
  formatColumns(sheet, { 9: hoursFormat, 16: currency, 18: currency });
}

/** Decimal strings of the totals block become numbers; labels stay text. */
function numeric(cell: Cell, column: number): Cell {
  return column > 0 && typeof cell === "string" && /^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
}

function formatColumns(sheet: ExcelJS.Worksheet, formats: Record<number, string>): void {
  for (const [column, numFmt] of Object.entries(formats)) sheet.getColumn(Number(column)).numFmt = numFmt;
  sheet.getRow(1).font = { bold: true };
}

/** Where an export and its record live in the blob store. */
export const financeExportKeys = {
  file: (id: string, format: ExportFormat) => `exports/finance/${id}.${format}`,
  record: (id: string) => `exports/finance/${id}.json`,
};

export interface CapExportRecord {
  id: string;
  format: ExportFormat;
  filename: string;
  period: CapReport["period"];
  projects: string[];
  createdBy: string;
  createdAt: string;
}

const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * Builds the file and writes it to the blob store, then its record (written last, so a record
 * always names a file that is there).
 */
export async function writeCapExport(
  blobs: BlobStore,
  input: {
    id: string;
    format: ExportFormat;
    report: CapReport;
    lines: readonly CapLine[];
    createdBy: string;
  },
): Promise<CapExportRecord> {
  const { id, format, report, lines } = input;
  const body = format === "csv" ? capReportCsv(report, lines) : await capReportXlsx(report, lines);
  await blobs.put(financeExportKeys.file(id, format), body, contentTypes[format]);
  const record: CapExportRecord = {
    id,
    format,
    filename: `capitalisation-${report.projects.join("-") || "all"}-${report.period.from}-${report.period.to}.${format}`,
    period: report.period,
    projects: report.projects,
    createdBy: input.createdBy,
    createdAt: new Date().toISOString(),
  };
  await blobs.put(financeExportKeys.record(id), JSON.stringify(record), "application/json");
  return record;
}

/** The export's record and a stream of its file, or null when there is no such export. */
export async function readCapExport(
  blobs: BlobStore,
  id: string,
): Promise<{ record: CapExportRecord; contentType: string; file: BlobStream } | null> {
  const bytes = await blobs.get(financeExportKeys.record(id));
  if (!bytes) return null;
  const record = JSON.parse(new TextDecoder().decode(bytes)) as CapExportRecord;
  const file = await blobs.getStream(financeExportKeys.file(id, record.format));
  return file ? { record, contentType: contentTypes[record.format], file } : null;
}

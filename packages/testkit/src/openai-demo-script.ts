import type { ChatRequest, Turn } from "./openai-script.ts";

/**
 * The `demo` script: a small, deterministic stand-in for a tool-using model, enough to try the
 * R&D capitalisation report from the chat without a real model. A question about capitalisation
 * ("capitalise", "capex", "R&D cost", with a period such as "Q3 2024", "2024-Q3", "2024-09",
 * "September 2024" or two days YYYY-MM-DD, and project keys in capitals) becomes one
 * `capitalisation_report` call; its result becomes an answer that quotes the tool's figures as
 * given (nothing is computed here). Anything else goes to `fallback` (the echo script).
 */

export const REPORT_TOOL = "capitalisation_report";

const INTENT = /capitali[sz]|\bcapex\b|\br\s*&\s*d\s+costs?\b|\bias\s*38\b|\basc\s*350/i;

/** Capitalised words that are not project keys in a question about capitalisation. */
const NOT_PROJECTS = new Set([
  "ASC",
  "IAS",
  "IFRS",
  "GAAP",
  "CAPEX",
  "OPEX",
  "FY",
  "USD",
  "EUR",
  "GBP",
  "CHF",
  "JPY",
  "AND",
  "OR",
  "THE",
  "FOR",
  "IN",
  "OF",
  "HOW",
  "WHY",
  "WHAT",
  "UI",
  "CSV",
  "XLSX",
  "PDF",
]);

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;

export type PeriodArgs = { period: string } | { from: string; to: string };

export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (part?.type === "text" ? String(part.text) : "")).join("");
}

/** The period a question names, as `capitalisation_report` takes it; undefined when none. */
export function periodOf(text: string): PeriodArgs | undefined {
  const days = text.match(/\b\d{4}-\d{2}-\d{2}\b/g);
  if (days && days.length >= 2) return { from: days[0] as string, to: days[1] as string };
  const isoQuarter = /\b(\d{4})\s*-?\s*Q([1-4])\b/i.exec(text);
  if (isoQuarter) return { period: `${isoQuarter[1]}-Q${isoQuarter[2]}` };
  const quarter = /\bQ([1-4])(?:\s*(?:of\s+)?|[/-])(?:FY\s*)?(\d{4})\b/i.exec(text);
  if (quarter) return { period: `${quarter[2]}-Q${quarter[1]}` };
  const isoMonth = /\b(\d{4})-(0[1-9]|1[0-2])\b(?!-\d)/.exec(text);
  if (isoMonth) return { period: `${isoMonth[1]}-${isoMonth[2]}` };
  const named = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{4})\b/i.exec(text);
  if (named) {
    const month =
      MONTHS.indexOf((named[1] as string).slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1;
    return { period: `${named[2]}-${String(month).padStart(2, "0")}` };
  }
  return undefined;
}

/** Project keys written in capitals ("FIN", "OPS"), each once, in order. */
export function projectsOf(text: string): string[] {
  const keys = (text.match(/\b[A-Z][A-Z0-9_]{1,9}\b/g) ?? []).filter(
    (word) => !NOT_PROJECTS.has(word) && !/^Q[1-4]$/.test(word) && !/^FY\d+$/.test(word),
  );
  return [...new Set(keys)];
}

/** Compares two decimal strings ("1234.50", "-3") exactly. */
export function compareDecimals(a: string, b: string): number {
  const scaled = (value: string) => {
    const [whole = "0", fraction = ""] = value.split(".");
    return { whole, fraction };
  };
  const x = scaled(a);
  const y = scaled(b);
  const places = Math.max(x.fraction.length, y.fraction.length);
  const big = (v: { whole: string; fraction: string }) => {
    const negative = v.whole.startsWith("-");
    const digits = `${v.whole.replace("-", "")}${v.fraction.padEnd(places, "0")}`;
    return negative ? -BigInt(digits) : BigInt(digits);
  };
  const [p, q] = [big(x), big(y)];
  return p === q ? 0 : p < q ? -1 : 1;
}

type Money = { hours: string; cost: string };
interface ReportContent {
  period: { from: string; to: string };
  projects: string[];
  currency: string;
  rounding: string;
  syncedAt: string | null;
  totals: {
    capitalisable: Money;
    expensed: Money;
    unclassified: Money;
    total: Money;
    unrated: { hours: string; worklogs: number };
    worklogs: number;
  };
  epicColumns: string[];
  epics: unknown[][];
  exceptions: { unclassified: { count: number }; unrated: { count: number } };
  evidence?: { epicKey: string; pulls: string[]; commits: string[] }[];
  omitted?: string;
}

/** The JSON inside the agent's `<tool_output …>` wrapper (or the bare text when not wrapped). */
function toolOutputText(text: string): string {
  const wrapped = /^<tool_output[^>]*>\n([\s\S]*)\n<\/tool_output>$/.exec(text.trim());
  return wrapped ? (wrapped[1] as string) : text;
}

function parseReport(text: string): ReportContent | undefined {
  try {
    const value = JSON.parse(toolOutputText(text)) as Partial<ReportContent>;
    if (value?.totals?.capitalisable && Array.isArray(value.epics) && Array.isArray(value.epicColumns))
      return value as ReportContent;
  } catch {}
  return undefined;
}

/** The answer to a report: every figure is the tool's own string. */
export function answerFromReport(report: ReportContent): string {
  const cur = report.currency;
  const t = report.totals;
  const col = (name: string) => report.epicColumns.indexOf(name);
  const cell = (row: unknown[], name: string) => {
    const value = row[col(name)];
    return value === null || value === undefined ? null : String(value);
  };
  const epics = report.epics
    .filter((row) => cell(row, "epicKey") !== null)
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        compareDecimals(cell(b.row, "capitalisableCost") ?? "0", cell(a.row, "capitalisableCost") ?? "0") ||
        a.index - b.index,
    )
    .slice(0, 3);
  const lines = [
    `**R&D capitalisation for ${report.projects.join(", ")}, ${report.period.from} to ${report.period.to}** (${cur}, as the capitalisation report gives it)`,
    "",
    `- Capitalisable: ${t.capitalisable.cost} ${cur} (${t.capitalisable.hours} h)`,
    `- Expensed: ${t.expensed.cost} ${cur} (${t.expensed.hours} h)`,
    `- Unclassified: ${t.unclassified.cost} ${cur} (${t.unclassified.hours} h)`,
    `- Total: ${t.total.cost} ${cur} (${t.total.hours} h) over ${t.worklogs} worklogs`,
    "",
    "Why: work counts as capitalisable when finance's policy puts it in scope and its epic is in the development phase on the day it was logged; preliminary and post-implementation work is expensed.",
  ];
  if (epics.length > 0) {
    lines.push("", "Top epics by capitalisable cost:");
    for (const { row } of epics) {
      const key = cell(row, "epicKey");
      const summary = cell(row, "summary");
      const from = cell(row, "developmentFrom");
      const until = cell(row, "postImplementationFrom");
      const phases = from
        ? `; development from ${from}${until ? `, post-implementation from ${until}` : ""}`
        : "; no development phase set";
      const evidence = report.evidence?.find((e) => e.epicKey === key);
      const proof = evidence?.pulls[0] ?? evidence?.commits[0];
      lines.push(
        `- ${key}${summary ? ` ${summary}` : ""}: ${cell(row, "capitalisableCost")} ${cur} capitalisable (${cell(row, "capitalisableHours")} h), ${cell(row, "expensedCost")} ${cur} expensed (${cell(row, "expensedHours")} h)${phases}${proof ? `; GitHub: ${proof}` : ""}`,
      );
    }
  } else {
    lines.push("", "No epic has logged work in this period.");
  }
  lines.push(
    "",
    `Exceptions: ${report.exceptions.unclassified.count} unclassified worklogs, ${report.exceptions.unrated.count} worklogs by people with no rate (${t.unrated.hours} h, not in any cost).`,
    `Rounding: ${report.rounding}`,
  );
  if (report.omitted) lines.push(report.omitted);
  lines.push("", "Each epic and worklog behind these figures is cited below.");
  return lines.join("\n");
}

function offersReportTool(request: ChatRequest): boolean {
  return (request.body.tools ?? []).some(
    (tool) => tool.type === "function" && tool.function.name === REPORT_TOOL,
  );
}

/** The name of the tool call a tool message answers. */
function calledTool(request: ChatRequest, callId: string): string | undefined {
  for (const message of request.body.messages) {
    if (message.role !== "assistant") continue;
    for (const call of message.tool_calls ?? []) {
      if (call.id === callId && call.type === "function") return call.function.name;
    }
  }
  return undefined;
}

/** A conversation title for a capitalisation question ("R&D capitalisation FIN 2024-Q3"); else undefined. */
function titleFor(request: ChatRequest): string | undefined {
  const [system, excerpt] = request.body.messages;
  if (system?.role !== "system" || !contentText(system.content).startsWith("Write a title")) return undefined;
  const question = /^Question: (.*)$/m.exec(contentText(excerpt?.content))?.[1] ?? "";
  if (!INTENT.test(question)) return undefined;
  const period = periodOf(question);
  const when = period ? ("period" in period ? period.period : `${period.from} to ${period.to}`) : "";
  return ["R&D capitalisation", ...projectsOf(question), when].filter(Boolean).join(" ");
}

/** One turn of the demo model. */
export function demoTurn(request: ChatRequest, fallback: (request: ChatRequest) => Turn): Turn {
  const title = titleFor(request);
  if (title) return { text: title };
  const last = request.body.messages.at(-1);
  if (last?.role === "tool" && calledTool(request, last.tool_call_id) === REPORT_TOOL) {
    const text = contentText(last.content);
    const report = parseReport(text);
    if (report) return { text: answerFromReport(report) };
    return { text: `The capitalisation report could not be produced: ${toolOutputText(text).slice(0, 600)}` };
  }
  if (last?.role !== "user") return fallback(request);
  const question = contentText(last.content);
  if (!INTENT.test(question) || !offersReportTool(request)) return fallback(request);
  const period = periodOf(question);
  if (!period) {
    return {
      text: "Which period should the capitalisation report cover? Name a quarter like 2024-Q2, a month like 2024-05, or two days YYYY-MM-DD.",
    };
  }
  const projects = projectsOf(question);
  return {
    toolCalls: [{ name: REPORT_TOOL, arguments: { ...period, ...(projects.length ? { projects } : {}) } }],
  };
}

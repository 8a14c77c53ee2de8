import { JqlError, type JqlExpr, type JqlQuery, type JqlValue, parseJql } from "./jira-jql-parse.ts";
import { type IssueRecord, type JiraState, statusOf, typeOf, userOf } from "./jira-model.ts";

export { JqlError };

/** What a query is evaluated against: the data, who is asking, and the time `now()` means. */
export interface JqlContext {
  state: JiraState;
  currentAccountId: string;
  now: number;
}

type FieldKind = "text" | "date" | "number" | "value";
type Field = { kind: FieldKind; read: (issue: IssueRecord, ctx: JqlContext) => string[] };

const CATEGORY_NAMES = { new: "To Do", indeterminate: "In Progress", done: "Done" } as const;
const PRIORITY_ORDER = ["Highest", "High", "Medium", "Low", "Lowest"];

function user(accountId: string | null, ctx: JqlContext): string[] {
  const u = userOf(ctx.state, accountId);
  return u ? [u.accountId, u.displayName, u.email] : [];
}

function sprintValues(issue: IssueRecord, ctx: JqlContext): string[] {
  return issue.sprintIds.flatMap((id) => [
    String(id),
    ctx.state.sprints.find((s) => s.id === id)?.name ?? "",
  ]);
}

const FIELDS: Record<string, Field> = {
  project: {
    kind: "value",
    read: (i, ctx) => {
      const p = ctx.state.projects.find((x) => x.key === i.projectKey);
      return p ? [p.key, p.name, p.id] : [];
    },
  },
  key: { kind: "value", read: (i) => [i.key, i.id] },
  status: { kind: "value", read: (i, ctx) => [statusOf(ctx.state, i).name, statusOf(ctx.state, i).id] },
  statuscategory: {
    kind: "value",
    read: (i, ctx) => [statusOf(ctx.state, i).category, CATEGORY_NAMES[statusOf(ctx.state, i).category]],
  },
  assignee: { kind: "value", read: (i, ctx) => user(i.assigneeId, ctx) },
  reporter: { kind: "value", read: (i, ctx) => user(i.reporterId, ctx) },
  labels: { kind: "value", read: (i) => i.labels },
  issuetype: { kind: "value", read: (i, ctx) => [typeOf(ctx.state, i).name, typeOf(ctx.state, i).id] },
  priority: { kind: "value", read: (i) => [i.priority] },
  sprint: { kind: "value", read: sprintValues },
  parent: { kind: "value", read: (i) => (i.parentKey ? [i.parentKey] : []) },
  component: { kind: "value", read: (i) => i.components },
  fixversion: { kind: "value", read: (i) => i.fixVersions },
  resolution: { kind: "value", read: (i) => (i.resolved ? ["Done"] : []) },
  summary: { kind: "text", read: (i) => [i.summary] },
  description: { kind: "text", read: (i) => [JSON.stringify(i.description ?? "")] },
  comment: { kind: "text", read: (i) => i.comments.map((c) => JSON.stringify(c.body)) },
  text: {
    kind: "text",
    read: (i) => [
      i.summary,
      JSON.stringify(i.description ?? ""),
      ...i.comments.map((c) => JSON.stringify(c.body)),
    ],
  },
  created: { kind: "date", read: (i) => [i.created] },
  updated: { kind: "date", read: (i) => [i.updated] },
  resolutiondate: { kind: "date", read: (i) => (i.resolved ? [i.resolved] : []) },
  duedate: { kind: "date", read: (i) => (i.due ? [i.due] : []) },
  "story points": { kind: "number", read: (i) => (i.storyPoints === null ? [] : [String(i.storyPoints)]) },
};
const ALIASES: Record<string, string> = {
  issuekey: "key",
  id: "key",
  type: "issuetype",
  resolved: "resolutiondate",
  due: "duedate",
  "cf[10016]": "story points",
  customfield_10016: "story points",
  "cf[10020]": "sprint",
  customfield_10020: "sprint",
};

function fieldNamed(name: string): Field {
  const field = FIELDS[ALIASES[name] ?? name];
  if (!field) throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
  return field;
}

/** The values a JQL value stands for (functions expanded). */
function valuesOf(value: JqlValue, ctx: JqlContext): string[] {
  if (value.kind === "text") return [value.value];
  if (value.kind === "empty") return [];
  if (value.kind === "list") return value.items.flatMap((v) => valuesOf(v, ctx));
  const sprintsIn = (state: string) =>
    ctx.state.sprints.filter((s) => s.state === state).map((s) => String(s.id));
  switch (value.name) {
    case "currentuser":
      return [ctx.currentAccountId];
    case "opensprints":
      return sprintsIn("active");
    case "closedsprints":
      return sprintsIn("closed");
    case "futuresprints":
      return sprintsIn("future");
    case "now":
      return [new Date(ctx.now).toISOString()];
    case "startofday":
      return [`${new Date(ctx.now).toISOString().slice(0, 10)}T00:00:00.000Z`];
    default:
      throw new JqlError(`Unable to find JQL function '${value.name}(${value.args.join(", ")})'.`);
  }
}

/** A JQL date (`2024-05-01`, `2024/05/01 10:00`, `-7d`, or an ISO time) in ms. */
function toTime(text: string, ctx: JqlContext): number {
  const relative = /^([-+]?\d+)([wdhm])$/.exec(text.trim());
  if (relative) {
    const unit = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 }[
      relative[2] as "w" | "d" | "h" | "m"
    ];
    return ctx.now + Number(relative[1]) * unit;
  }
  const ms = Date.parse(text.replaceAll("/", "-").replace(" ", "T"));
  if (Number.isNaN(ms)) throw new JqlError(`Date value '${text}' is invalid.`);
  return ms;
}

function compareClause(
  field: Field,
  op: string,
  actual: string[],
  wanted: string[],
  ctx: JqlContext,
): boolean {
  const lower = (s: string) => s.toLowerCase();
  if (op === "is") return actual.length === 0;
  if (op === "is not") return actual.length > 0;
  if (op === "~" || op === "!~") {
    const terms = wanted.join(" ").toLowerCase().replaceAll("*", "").split(/\s+/).filter(Boolean);
    const hit = actual.some((text) => terms.every((t) => text.toLowerCase().includes(t)));
    return op === "~" ? hit : !hit;
  }
  if (op === "=" || op === "in") return actual.some((a) => wanted.some((w) => lower(a) === lower(w)));
  if (op === "!=" || op === "not in") {
    return actual.length > 0 && !actual.some((a) => wanted.some((w) => lower(a) === lower(w)));
  }
  const toNumber = field.kind === "date" ? (s: string) => toTime(s, ctx) : Number;
  const target = toNumber(wanted[0] ?? "");
  return actual.some((a) => {
    const n = toNumber(a);
    return op === ">" ? n > target : op === ">=" ? n >= target : op === "<" ? n < target : n <= target;
  });
}

function evaluate(expr: JqlExpr, issue: IssueRecord, ctx: JqlContext): boolean {
  if (expr.kind === "and") return evaluate(expr.left, issue, ctx) && evaluate(expr.right, issue, ctx);
  if (expr.kind === "or") return evaluate(expr.left, issue, ctx) || evaluate(expr.right, issue, ctx);
  if (expr.kind === "not") return !evaluate(expr.expr, issue, ctx);
  const field = fieldNamed(expr.field);
  return compareClause(field, expr.op, field.read(issue, ctx), valuesOf(expr.value, ctx), ctx);
}

/**
 * Jira refuses a project value it does not know, and an issue id no issue has (or one the caller
 * may not see), instead of matching nothing. (Jira refuses unknown keys too; the testkit only ids.)
 */
function checkProjects(expr: JqlExpr | undefined, ctx: JqlContext): void {
  if (!expr) return;
  if (expr.kind === "and" || expr.kind === "or") {
    checkProjects(expr.left, ctx);
    checkProjects(expr.right, ctx);
  } else if (expr.kind === "not") {
    checkProjects(expr.expr, ctx);
  } else if (expr.field === "project" && expr.value.kind !== "empty") {
    fieldNamed(expr.field);
    for (const value of valuesOf(expr.value, ctx)) {
      const known = ctx.state.projects.some((p) =>
        [p.key, p.name, p.id].some((v) => v.toLowerCase() === value.toLowerCase()),
      );
      if (!known) throw new JqlError(`The value '${value}' does not exist for the field 'project'.`);
    }
  } else if (expr.field === "id" && expr.value.kind !== "empty") {
    for (const value of valuesOf(expr.value, ctx)) {
      if (!ctx.state.issues.some((i) => i.id === value || i.key === value.toUpperCase()))
        throw new JqlError(`An issue with key '${value}' does not exist for field 'id'.`);
    }
  } else {
    fieldNamed(expr.field);
  }
}

function sortValue(field: string, issue: IssueRecord, ctx: JqlContext): string | number {
  if (field === "key" || field === "issuekey" || field === "rank") {
    return issue.projectKey.padEnd(12) + String(Number(issue.key.split("-")[1])).padStart(10, "0");
  }
  if (field === "priority") return PRIORITY_ORDER.indexOf(issue.priority);
  const f = fieldNamed(field);
  const first = f.read(issue, ctx)[0] ?? "";
  if (f.kind === "date") return first ? Date.parse(first) : 0;
  if (f.kind === "number") return first ? Number(first) : Number.NEGATIVE_INFINITY;
  return first.toLowerCase();
}

/** The issues of `state` that match the query, in its order (`created DESC` when it names none). */
export function runJql(jql: string, ctx: JqlContext): IssueRecord[] {
  const query: JqlQuery = parseJql(jql);
  checkProjects(query.where, ctx);
  const order = query.orderBy.length ? query.orderBy : [{ field: "created", direction: "desc" as const }];
  for (const o of order) if (!["key", "issuekey", "rank", "priority"].includes(o.field)) fieldNamed(o.field);
  const hits = ctx.state.issues.filter((issue) => !query.where || evaluate(query.where, issue, ctx));
  return hits.sort((a, b) => {
    for (const { field, direction } of [...order, { field: "key", direction: "asc" as const }]) {
      const x = sortValue(field, a, ctx);
      const y = sortValue(field, b, ctx);
      if (x !== y) return (x < y ? -1 : 1) * (direction === "desc" ? -1 : 1);
    }
    return 0;
  });
}

import {
  at,
  COMPONENTS,
  DAY,
  generatedSpecs,
  LABELS,
  random,
  SPRINT_NAMES,
  type Spec,
  STATUS_IDS,
  STATUS_NAMES,
  type Status,
  specs,
} from "./jira-dataset-specs.ts";
import {
  adf,
  type ChangeItem,
  type HistoryRecord,
  type IssueRecord,
  type JiraState,
  SPRINT_FIELD,
} from "./jira-model.ts";

export { INJECTION_TEXT } from "./jira-dataset-specs.ts";

export function buildIssues(state: JiraState): IssueRecord[] {
  const rnd = random(42);
  const people = state.users
    .filter((u) => u.accountType === "atlassian")
    .slice(0, 5)
    .map((u) => u.accountId);
  const ids = { next: 10_000 };
  return [...specs(), ...generatedSpecs(rnd)].map((spec) => toIssue(spec, { rnd, people, ids }));
}

type Gen = { rnd: () => number; people: string[]; ids: { next: number } };

function toIssue(spec: Spec, gen: Gen): IssueRecord {
  const { rnd, people } = gen;
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)] as T;
  const newId = () => {
    gen.ids.next += 1;
    return String(gen.ids.next);
  };
  const author = pick(people);
  const changelog = [...sprintHistories(spec), ...statusHistories(spec), ...extraHistories(spec)]
    .sort((a, b) => a.created.localeCompare(b.created))
    .map((h): HistoryRecord => ({ id: newId(), authorId: author, ...h }));
  const comments = Array.from({ length: spec.comments ?? Math.floor(rnd() * 4) }, (_, i) => ({
    id: newId(),
    authorId: people[i % people.length] as string,
    body: adf(
      `Comment ${i + 1} on ${spec.key}: ${pick(["checked the totals", "waiting for the bank file", "looks good", "needs a second review"])}.`,
    ),
    created: at(spec.created, (i + 1) * 3_600_000),
    properties: [],
  }));
  const worklogs = Array.from({ length: spec.worklogs ?? Math.floor(rnd() * 3) }, (_, i) => {
    const created = at(spec.created, DAY + i * 3_600_000 + 1_800_000);
    return {
      id: newId(),
      authorId: people[i % people.length] as string,
      started: at(spec.created, DAY + i * 3_600_000),
      timeSpentSeconds: 1800 * (1 + (i % 4)),
      created,
      updated: created,
    };
  });
  const times = [
    spec.created,
    spec.resolved ?? "",
    ...changelog.map((h) => h.created),
    ...comments.map((c) => c.created),
  ];
  const [project, number] = spec.key.split("-") as [string, string];
  return {
    id: String(10_000 + (project === "FIN" ? 0 : project === "OPS" ? 1000 : 2000) + Number(number)),
    key: spec.key,
    projectKey: project,
    typeId: { Epic: "10000", Story: "10001", Task: "10002", Bug: "10003", "Sub-task": "10004" }[spec.type],
    summary: spec.summary,
    description: adf(spec.description ?? `${spec.summary}. Acceptance: totals match the ledger.`),
    statusId: STATUS_IDS[spec.status],
    priority: pick(["High", "Medium", "Medium", "Low"]),
    assigneeId: rnd() < 0.85 ? pick(people) : null,
    reporterId: author,
    labels: rnd() < 0.6 ? [pick(LABELS)] : [],
    created: spec.created,
    updated: times.filter(Boolean).sort().at(-1) as string,
    resolved: spec.resolved ?? null,
    due: null,
    parentKey: spec.parent ?? null,
    components: project === "FIN" ? [pick(COMPONENTS)] : [],
    fixVersions: project === "FIN" && spec.status === "done" ? ["2024.3"] : [],
    storyPoints: spec.points ?? null,
    sprintIds: spec.sprintIds ?? [],
    originalEstimateSeconds: spec.points ? spec.points * 4 * 3600 : null,
    comments,
    worklogs,
    changelog,
    properties: {},
  };
}

function sprintHistories(spec: Spec) {
  const ids = (list: number[]) => list.join(", ");
  const names = (list: number[]) => list.map((id) => SPRINT_NAMES[id]).join(", ");
  return (spec.sprintMoves ?? []).map((move) => ({
    created: move.at,
    items: [
      item(
        "Sprint",
        "custom",
        SPRINT_FIELD,
        [ids(move.from), names(move.from)],
        [ids(move.to), names(move.to)],
      ),
    ],
  }));
}

function statusHistories(spec: Spec) {
  if (spec.status === "todo") return [];
  const done = spec.resolved;
  const started = done ? at(done, -DAY) : at(spec.created, 2 * DAY);
  const change = (when: string, from: Status, to: Status) => ({
    created: when,
    items: [
      item(
        "status",
        "jira",
        "status",
        [STATUS_IDS[from], STATUS_NAMES[from]],
        [STATUS_IDS[to], STATUS_NAMES[to]],
      ),
    ],
  });
  const moves = [change(started, "todo", "progress")];
  if (spec.status === "review") moves.push(change(at(started, DAY / 2), "progress", "review"));
  if (spec.status === "done" && done) moves.push(change(done, "progress", "done"));
  return moves;
}

function extraHistories(spec: Spec) {
  return Array.from({ length: spec.extraHistories ?? 0 }, (_, i) => {
    const [from, to] = i % 2 === 0 ? ["Medium", "High"] : ["High", "Medium"];
    const id = (name: string) => (name === "High" ? "2" : "3");
    return {
      created: at(spec.created, (i + 1) * 600_000),
      items: [item("priority", "jira", "priority", [id(from), from], [id(to), to])],
    };
  });
}

function item(
  field: string,
  fieldtype: ChangeItem["fieldtype"],
  fieldId: string,
  [from, fromString]: [string, string],
  [to, toText]: [string, string],
): ChangeItem {
  return { field, fieldtype, fieldId, from, fromString, to, toString: toText };
}

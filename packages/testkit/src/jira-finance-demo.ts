import { random } from "./jira-dataset-specs.ts";
import type { JiraState, JiraUserRecord } from "./jira-model.ts";
import type { IssueInput, JiraWorklogControl } from "./jira-worklog-control.ts";

/**
 * The finance demo: an opt-in addition to the testkit site (`startJiraServer({ financeDemo: true })`,
 * `jira-server-cli --finance-demo`, used by `npm start -- --demo`) that gives the R&D
 * capitalisation report something to chew on. The default site's tests never see it.
 *
 * - FIN epics FIN-100 (Real-time payments rail), FIN-110 (Multi-entity consolidation), FIN-120
 *   (Vendor portal v2), FIN-130 (Ledger performance hardening); OPS epics OPS-100 (Close
 *   automation), OPS-110 (Audit evidence vault), OPS-120 (Vendor onboarding workflow). Each has
 *   stories (`<epic>+1..`) and some sub-tasks under them; FIN-140..FIN-142 and OPS-130 have no epic
 *   (FIN-142 is a story labelled `capex`).
 * - Eight people log work: Alice, Bob, Carol, Dave and Erin of the default site, and Frank
 *   Settlement, Grace Consolidation and Hana Contractor (who starts on 2024-08-05), each in a
 *   time zone of their own (`PEOPLE`).
 * - {@link FINANCE_DEMO_WORKLOGS} work logs, seeded, on working days from 2024-06-10 to 2024-10-18,
 *   most in 2024-Q3; four sit on the quarter's edges where the logger's day and UTC's differ
 *   (Carol at +10:00 early on 07-01 and 10-01, Frank at -07:00 late on 06-30 and 09-30): a report
 *   cuts by the logger's day.
 */
export const FINANCE_DEMO_WORKLOGS = 600;

export interface FinanceDemoPerson {
  accountId: string;
  displayName: string;
  email: string;
  /** The UTC offset their work logs carry. */
  offset: string;
  /** The first day they log work. */
  from?: string;
}

const account = (n: number) => `5f${String(n).padStart(22, "0")}`;

export const FINANCE_DEMO_PEOPLE = {
  alice: {
    accountId: account(1),
    displayName: "Alice Ledger",
    email: "alice@finchat.test",
    offset: "+01:00",
  },
  bob: { accountId: account(2), displayName: "Bob Payables", email: "bob@finchat.test", offset: "-04:00" },
  carol: {
    accountId: account(3),
    displayName: "Carol Treasury",
    email: "carol@finchat.test",
    offset: "+10:00",
  },
  dave: {
    accountId: account(4),
    displayName: "Dave Controller",
    email: "dave@finchat.test",
    offset: "+00:00",
  },
  erin: { accountId: account(5), displayName: "Erin Audit", email: "erin@finchat.test", offset: "+05:30" },
  frank: {
    accountId: account(8),
    displayName: "Frank Settlement",
    email: "frank@finchat.test",
    offset: "-07:00",
  },
  grace: {
    accountId: account(9),
    displayName: "Grace Consolidation",
    email: "grace@finchat.test",
    offset: "+02:00",
  },
  hana: {
    accountId: account(10),
    displayName: "Hana Contractor",
    email: "hana@finchat.test",
    offset: "+09:00",
    from: "2024-08-05",
  },
} satisfies Record<string, FinanceDemoPerson>;

type Who = keyof typeof FINANCE_DEMO_PEOPLE;

interface Stream {
  epic?: { key: string; summary: string; components?: string[]; labels?: string[] };
  /** Stories (or tasks) with their sub-tasks' summaries. */
  issues: {
    key: string;
    type: IssueInput["type"];
    summary: string;
    subtasks?: string[];
    labels?: string[];
  }[];
  team: Who[];
  /** Relative share of the work logs. */
  weight: number;
}

/** A story of a stream, with its sub-tasks' summaries. */
const story = (key: string, summary: string, ...subtasks: string[]): Stream["issues"][number] => ({
  key,
  type: "Story",
  summary,
  subtasks,
});

const STREAMS: Stream[] = [
  {
    epic: { key: "FIN-100", summary: "Real-time payments rail", components: ["Payments"] },
    issues: [
      story("FIN-101", "ISO 20022 pacs.008 message builder", "Schema mapping", "Golden-file tests"),
      story("FIN-102", "Instant payment status webhooks", "Retry queue"),
      story("FIN-103", "Sanctions screening hook"),
    ],
    team: ["alice", "bob", "frank", "hana"],
    weight: 5,
  },
  {
    epic: { key: "FIN-110", summary: "Multi-entity consolidation", components: ["Reporting"] },
    issues: [
      story("FIN-111", "Intercompany elimination engine", "Elimination rules", "Currency translation"),
      story("FIN-112", "Entity hierarchy model"),
      story("FIN-113", "Consolidated trial balance view", "Drill-down to entity"),
    ],
    team: ["carol", "grace", "alice"],
    weight: 4,
  },
  {
    epic: { key: "FIN-120", summary: "Vendor portal v2", components: ["Payments"] },
    issues: [
      story("FIN-121", "Self-service bank detail changes", "Call-back verification"),
      story("FIN-122", "Remittance advice downloads"),
    ],
    team: ["bob", "frank", "grace"],
    weight: 3,
  },
  {
    epic: { key: "FIN-130", summary: "Ledger performance hardening", components: ["Ledger"] },
    issues: [
      { key: "FIN-131", type: "Task", summary: "Partition the journal table" },
      { key: "FIN-132", type: "Bug", summary: "Slow trial balance at month-end" },
    ],
    team: ["alice", "grace", "hana"],
    weight: 2,
  },
  {
    issues: [
      { key: "FIN-140", type: "Task", summary: "Production support rota" },
      { key: "FIN-141", type: "Bug", summary: "FX revaluation rounding differences" },
      { key: "FIN-142", type: "Story", summary: "Spike: open banking consent API", labels: ["capex"] },
    ],
    team: ["bob", "alice", "frank"],
    weight: 1,
  },
  {
    epic: { key: "OPS-100", summary: "Close automation", components: ["Month-end close"] },
    issues: [
      story("OPS-101", "Automated accrual journals", "Accrual templates"),
      story("OPS-102", "Close checklist tracker"),
    ],
    team: ["dave", "erin", "carol"],
    weight: 3,
  },
  {
    epic: { key: "OPS-110", summary: "Audit evidence vault" },
    issues: [story("OPS-111", "Evidence upload and retention")],
    team: ["erin", "dave"],
    weight: 1,
  },
  {
    epic: { key: "OPS-120", summary: "Vendor onboarding workflow" },
    issues: [{ key: "OPS-121", type: "Task", summary: "Onboarding form and approvals" }],
    team: ["dave", "carol"],
    weight: 1,
  },
  {
    issues: [{ key: "OPS-130", type: "Task", summary: "Quarterly access review" }],
    team: ["erin"],
    weight: 1,
  },
];

/** The edge cases, logged as given: the report cuts a period by the logger's own day. */
const EDGES: { issue: string; who: Who; started: string; hours: number }[] = [
  { issue: "FIN-111", who: "carol", started: "2024-07-01T07:30:00.000+10:00", hours: 2 }, // 06-30 in UTC: Q3
  { issue: "FIN-101", who: "frank", started: "2024-09-30T18:00:00.000-07:00", hours: 3 }, // 10-01 in UTC: Q3
  { issue: "FIN-112", who: "carol", started: "2024-10-01T08:00:00.000+10:00", hours: 1.5 }, // 09-30 in UTC: Q4
  { issue: "FIN-102", who: "frank", started: "2024-06-30T19:00:00.000-07:00", hours: 2.5 }, // 07-01 in UTC: Q2
];

const DAY_MS = 86_400_000;
const Q2_TAIL = { from: Date.UTC(2024, 5, 10), days: 21 };
const Q3 = { from: Date.UTC(2024, 6, 1), days: 92 };
const Q4_HEAD = { from: Date.UTC(2024, 9, 1), days: 18 };

/** The issue keys with work logs the demo adds, epics first (for tests and the README). */
export function financeDemoEpics(): { key: string; summary: string; projectKey: string }[] {
  return STREAMS.flatMap((s) =>
    s.epic
      ? [{ key: s.epic.key, summary: s.epic.summary, projectKey: s.epic.key.split("-")[0] as string }]
      : [],
  );
}

/**
 * Adds the finance demo to a site (its people, issues and work logs), the same on every call on
 * a fresh default site. Returns the work log ids it added.
 */
export function addFinanceDemo(state: JiraState, control: JiraWorklogControl): string[] {
  for (const person of Object.values(FINANCE_DEMO_PEOPLE) as FinanceDemoPerson[]) {
    if (state.users.some((u) => u.accountId === person.accountId)) continue;
    const user: JiraUserRecord = {
      accountId: person.accountId,
      displayName: person.displayName,
      email: person.email,
      active: true,
      accountType: "atlassian",
    };
    state.users.push(user);
  }
  const targets: { stream: Stream; keys: string[] }[] = [];
  for (const stream of STREAMS) {
    const keys: string[] = [];
    if (stream.epic) {
      control.addIssue({
        key: stream.epic.key,
        type: "Epic",
        summary: stream.epic.summary,
        components: stream.epic.components ?? [],
      });
    }
    const project = (stream.epic?.key ?? stream.issues[0]?.key ?? "").split("-")[0];
    for (const issue of stream.issues) {
      control.addIssue({
        key: issue.key,
        type: issue.type,
        summary: issue.summary,
        parentKey: stream.epic?.key ?? null,
        labels: issue.labels ?? [],
        components: stream.epic?.components ?? [],
      });
      keys.push(issue.key);
    }
    // Sub-tasks are numbered after the stream's stories, within its block of ten.
    let next = Number(stream.issues.at(-1)?.key.split("-")[1]) + 1;
    for (const issue of stream.issues) {
      for (const summary of issue.subtasks ?? []) {
        const key = `${project}-${next}`;
        next += 1;
        control.addIssue({ key, type: "Sub-task", summary, parentKey: issue.key });
        keys.push(key);
      }
    }
    targets.push({ stream, keys });
  }

  const ids: string[] = [];
  for (const edge of EDGES) {
    const person = FINANCE_DEMO_PEOPLE[edge.who];
    ids.push(
      control.add(edge.issue, {
        authorId: person.accountId,
        started: edge.started,
        timeSpentSeconds: edge.hours * 3600,
      }),
    );
  }

  const rng = random(20_240_701);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const totalWeight = STREAMS.reduce((n, s) => n + s.weight, 0);
  const pickStream = () => {
    let r = rng() * totalWeight;
    for (const target of targets) {
      r -= target.stream.weight;
      if (r < 0) return target;
    }
    return targets.at(-1) as (typeof targets)[number];
  };
  while (ids.length < FINANCE_DEMO_WORKLOGS) {
    const target = pickStream();
    const who = pick(target.stream.team);
    const person: FinanceDemoPerson = FINANCE_DEMO_PEOPLE[who];
    const roll = rng();
    const range = roll < 0.07 ? Q2_TAIL : roll < 0.93 ? Q3 : Q4_HEAD;
    const day = new Date(range.from + Math.floor(rng() * range.days) * DAY_MS);
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = day.toISOString().slice(0, 10);
    if (person.from && date < person.from) continue;
    const hour = 8 + Math.floor(rng() * 9);
    const minute = pick([0, 15, 30, 45]);
    const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
    ids.push(
      control.add(pick(target.keys), {
        authorId: person.accountId,
        started: `${date}T${time}:00.000${person.offset}`,
        timeSpentSeconds: 900 * (2 + Math.floor(rng() * 23)),
      }),
    );
  }
  return ids;
}

import { buildIssues } from "./jira-dataset-issues.ts";
import type { JiraState, JiraUserRecord, ProjectRecord, SprintRecord } from "./jira-model.ts";

/**
 * The testkit Jira site, generated in code and the same on every start: projects FIN (software,
 * the main one), OPS (business) and SECRET (for allow-list refusals); ~60 issues with comments,
 * changelogs, work logs, links, sub-tasks and an epic; boards; sprints; users.
 *
 * Facts tests rely on:
 * - FIN Sprint 1 (id 1, closed) has FIN-1..FIN-12: 9 committed (40 points, 6 of them done for 24
 *   points), 3 added after the start (FIN-9, FIN-10, FIN-11; 6 points), 8 done (27 points), 4 carried
 *   over (FIN-4, FIN-6, FIN-7 done only after the sprint, FIN-10; 19 points), FIN-8 unestimated.
 * - FIN-1 has 45 comments and 40 changelog entries; FIN-2 has 25 work logs.
 * - FIN-45's description carries a prompt injection asking to create a ticket.
 * - FIN-20 is blocked by SECRET-1; FIN-27 has sub-tasks FIN-28..FIN-30; FIN-21 is an epic.
 */
export const BOT_ACCOUNT_ID = "5f0000000000000000000007";

export function createDataset(botEmail: string): JiraState {
  const state: JiraState = {
    users: users(botEmail),
    statuses: [
      { id: "10000", name: "To Do", category: "new" },
      { id: "3", name: "In Progress", category: "indeterminate" },
      { id: "10001", name: "In Review", category: "indeterminate" },
      { id: "10002", name: "Done", category: "done" },
    ],
    issueTypes: [
      { id: "10000", name: "Epic", subtask: false, hierarchyLevel: 1 },
      { id: "10001", name: "Story", subtask: false, hierarchyLevel: 0 },
      { id: "10002", name: "Task", subtask: false, hierarchyLevel: 0 },
      { id: "10003", name: "Bug", subtask: false, hierarchyLevel: 0 },
      { id: "10004", name: "Sub-task", subtask: true, hierarchyLevel: -1 },
    ],
    priorities: ["Highest", "High", "Medium", "Low", "Lowest"],
    projects: projects(),
    issues: [],
    links: [
      { id: "20001", type: "Blocks", outwardKey: "FIN-4", inwardKey: "FIN-6" },
      { id: "20002", type: "Relates", outwardKey: "FIN-10", inwardKey: "OPS-2" },
      { id: "20003", type: "Blocks", outwardKey: "SECRET-1", inwardKey: "FIN-20" },
      { id: "20004", type: "Duplicate", outwardKey: "FIN-13", inwardKey: "FIN-33" },
    ],
    boards: [
      { id: 1, name: "FIN board", type: "scrum", projectKey: "FIN" },
      { id: 2, name: "OPS board", type: "kanban", projectKey: "OPS" },
      { id: 3, name: "Payroll board", type: "scrum", projectKey: "SECRET" },
    ],
    sprints: sprints(),
    deletedWorklogs: [],
    nextId: 30_000,
  };
  state.issues = buildIssues(state);
  return state;
}

function users(botEmail: string): JiraUserRecord[] {
  const person = (
    n: number,
    displayName: string,
    email: string,
    accountType: "atlassian" | "app" = "atlassian",
  ) => ({
    accountId: `5f000000000000000000000${n}`,
    displayName,
    email,
    active: true,
    accountType,
  });
  return [
    person(1, "Alice Ledger", "alice@finchat.test"),
    person(2, "Bob Payables", "bob@finchat.test"),
    person(3, "Carol Treasury", "carol@finchat.test"),
    person(4, "Dave Controller", "dave@finchat.test"),
    person(5, "Erin Audit", "erin@finchat.test"),
    person(6, "Automation for Jira", "automation@finchat.test", "app"),
    person(7, "Finchat Bot", botEmail),
  ];
}

function projects(): ProjectRecord[] {
  return [
    {
      id: "10000",
      key: "FIN",
      name: "Finance Platform",
      description: "Ledger, payments and reporting services.",
      leadId: "5f0000000000000000000001",
      typeKey: "software",
      components: [
        {
          id: "10100",
          name: "Ledger",
          description: "Double-entry posting",
          leadId: "5f0000000000000000000001",
        },
        { id: "10101", name: "Payments", description: "Outgoing payments and bank files" },
        { id: "10102", name: "Reporting", description: "Month-end and management reports" },
        { id: "10103", name: "Reconciliation", description: "Bank and intercompany matching" },
      ],
      versions: [
        {
          id: "10200",
          name: "2024.1",
          description: "Q1 release",
          released: true,
          archived: false,
          releaseDate: "2024-03-29",
        },
        {
          id: "10201",
          name: "2024.2",
          description: "April release",
          released: true,
          archived: false,
          releaseDate: "2024-04-30",
        },
        {
          id: "10202",
          name: "2024.3",
          description: "Mid-year release",
          released: false,
          archived: false,
          startDate: "2024-05-01",
          releaseDate: "2024-06-28",
        },
      ],
    },
    {
      id: "10001",
      key: "OPS",
      name: "Finance Operations",
      description: "Month-end close and vendor operations.",
      leadId: "5f0000000000000000000004",
      typeKey: "business",
      components: [{ id: "10110", name: "Month-end close", description: "Close calendar tasks" }],
      versions: [],
    },
    {
      id: "10002",
      key: "SECRET",
      name: "Payroll Restricted",
      description: "Salaries. Not for Finchat.",
      leadId: "5f0000000000000000000005",
      typeKey: "software",
      components: [],
      versions: [],
    },
  ];
}

function sprints(): SprintRecord[] {
  return [
    {
      id: 1,
      name: "FIN Sprint 1",
      state: "closed",
      boardId: 1,
      goal: "Close the April ledger",
      createdDate: "2024-05-02T09:00:00.000Z",
      startDate: "2024-05-06T09:00:00.000Z",
      endDate: "2024-05-17T17:00:00.000Z",
      completeDate: "2024-05-17T16:00:00.000Z",
    },
    {
      id: 2,
      name: "FIN Sprint 2",
      state: "active",
      boardId: 1,
      goal: "Payments reconciliation",
      createdDate: "2024-05-15T09:00:00.000Z",
      startDate: "2024-05-20T09:00:00.000Z",
      endDate: "2024-05-31T17:00:00.000Z",
    },
    {
      id: 3,
      name: "FIN Sprint 3",
      state: "future",
      boardId: 1,
      goal: "",
      createdDate: "2024-05-20T09:00:00.000Z",
    },
    {
      id: 4,
      name: "Payroll Sprint 7",
      state: "active",
      boardId: 3,
      goal: "June payroll",
      createdDate: "2024-05-15T09:00:00.000Z",
      startDate: "2024-05-20T09:00:00.000Z",
      endDate: "2024-05-31T17:00:00.000Z",
    },
  ];
}

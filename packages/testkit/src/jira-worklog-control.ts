import {
  findIssue,
  type IssueRecord,
  type JiraState,
  newIssueRecord,
  type WorklogRecord,
} from "./jira-model.ts";

/** A work log as a test writes it: `started` in ISO 8601 (any offset), shown in `startedOffset`. */
export interface WorklogInput {
  authorId?: string;
  started: string;
  timeSpentSeconds: number;
  /** The logger's UTC offset (`+10:00`); taken from `started` when it carries one, else UTC. */
  startedOffset?: string;
}

/** An issue as a test adds it (benchmarks: many issues with many work logs). */
export interface IssueInput {
  key: string;
  type: "Epic" | "Story" | "Task" | "Bug" | "Sub-task";
  summary?: string;
  parentKey?: string | null;
  labels?: string[];
  components?: string[];
}

/**
 * Test-only changes to the site's work logs and issue hierarchy, each stamped with the site's
 * clock as Jira would: the updated- and deleted-worklogs feeds and `updated` JQL see them.
 */
export interface JiraWorklogControl {
  /** Adds a work log to the issue; returns its id. */
  add(issueKey: string, input: WorklogInput): string;
  /** Changes a work log (its start, duration, author); returns false when there is none. */
  update(id: string, patch: Partial<WorklogInput>): boolean;
  /** Deletes a work log; the deleted feed reports it. Returns false when there is none. */
  delete(id: string): boolean;
  /** Moves an issue under another parent (an epic), or out of any with null. */
  setParent(issueKey: string, parentKey: string | null): void;
  /** Adds an issue to a project the site has. */
  addIssue(input: IssueInput): IssueRecord;
}

const TYPE_IDS = { Epic: "10000", Story: "10001", Task: "10002", Bug: "10003", "Sub-task": "10004" };

function offsetOf(started: string): string | undefined {
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(started);
  return match ? `${match[1]}${match[2]}:${match[3]}` : undefined;
}

export function worklogControl(state: JiraState, clock: () => number = Date.now): JiraWorklogControl {
  const nextId = () => {
    state.nextId += 1;
    return String(state.nextId);
  };
  const issueOrThrow = (key: string) => {
    const issue = findIssue(state, key);
    if (!issue) throw new Error(`testkit Jira has no issue ${key}`);
    return issue;
  };
  const locate = (id: string): [IssueRecord, WorklogRecord] | undefined => {
    for (const issue of state.issues) {
      const worklog = issue.worklogs.find((w) => w.id === id);
      if (worklog) return [issue, worklog];
    }
    return undefined;
  };
  // Every change gets its own millisecond, so a feed page cut at 1000 never splits a tie.
  let last = 0;
  const stamp = () => {
    last = Math.max(clock(), last + 1);
    return new Date(last).toISOString();
  };
  const touch = (issue: IssueRecord) => {
    const now = stamp();
    issue.updated = now;
    return now;
  };
  return {
    add(issueKey, input) {
      const issue = issueOrThrow(issueKey);
      const now = touch(issue);
      const worklog: WorklogRecord = {
        id: nextId(),
        authorId: input.authorId ?? "5f0000000000000000000001",
        started: new Date(input.started).toISOString(),
        timeSpentSeconds: input.timeSpentSeconds,
        created: now,
        updated: now,
      };
      const offset = input.startedOffset ?? offsetOf(input.started);
      if (offset) worklog.startedOffset = offset;
      issue.worklogs.push(worklog);
      return worklog.id;
    },
    update(id, patch) {
      const found = locate(id);
      if (!found) return false;
      const [issue, worklog] = found;
      if (patch.started !== undefined) {
        worklog.started = new Date(patch.started).toISOString();
        const offset = patch.startedOffset ?? offsetOf(patch.started);
        if (offset) worklog.startedOffset = offset;
      }
      if (patch.timeSpentSeconds !== undefined) worklog.timeSpentSeconds = patch.timeSpentSeconds;
      if (patch.authorId !== undefined) worklog.authorId = patch.authorId;
      worklog.updated = touch(issue);
      return true;
    },
    delete(id) {
      const found = locate(id);
      if (!found) return false;
      const [issue, worklog] = found;
      issue.worklogs.splice(issue.worklogs.indexOf(worklog), 1);
      state.deletedWorklogs.push({ id, issueId: issue.id, deleted: touch(issue) });
      return true;
    },
    setParent(issueKey, parentKey) {
      const issue = issueOrThrow(issueKey);
      if (parentKey !== null) issueOrThrow(parentKey);
      issue.parentKey = parentKey;
      touch(issue);
    },
    addIssue(input) {
      const [projectKey] = input.key.split("-") as [string];
      if (!state.projects.some((p) => p.key === projectKey)) throw new Error(`no project ${projectKey}`);
      if (findIssue(state, input.key)) throw new Error(`issue ${input.key} exists`);
      const issue = newIssueRecord(
        {
          id: nextId(),
          key: input.key,
          projectKey,
          typeId: TYPE_IDS[input.type],
          summary: input.summary ?? `${input.type} ${input.key}`,
          reporterId: "5f0000000000000000000001",
          labels: input.labels ?? [],
          parentKey: input.parentKey ?? null,
          components: input.components ?? [],
        },
        stamp(),
      );
      state.issues.push(issue);
      return issue;
    },
  };
}

import {
  type CommentRecord,
  formatDuration,
  type HistoryRecord,
  type IssueRecord,
  type JiraState,
  jiraTime,
  jiraTimeIn,
  type ProjectRecord,
  statusOf,
  typeOf,
  userOf,
  type WorklogRecord,
} from "./jira-model.ts";

/** Renders records in the shapes of Jira Cloud's REST API (v3 and agile), with `self` links on `base`. */
export class JiraRenderer {
  readonly base: string;
  readonly state: JiraState;

  constructor(state: JiraState, base: string) {
    this.state = state;
    this.base = base;
  }

  user(accountId: string | null) {
    const u = userOf(this.state, accountId);
    if (!u) return null;
    const avatar = `${this.base}/avatar/${u.accountId}.png`;
    return {
      self: `${this.base}/rest/api/3/user?accountId=${u.accountId}`,
      accountId: u.accountId,
      avatarUrls: { "48x48": avatar, "24x24": avatar, "16x16": avatar, "32x32": avatar },
      displayName: u.displayName,
      active: u.active,
      timeZone: "Europe/London",
      accountType: u.accountType,
    };
  }

  status(issue: IssueRecord) {
    const s = statusOf(this.state, issue);
    const categoryIds = { new: 2, indeterminate: 4, done: 3 };
    const names = { new: "To Do", indeterminate: "In Progress", done: "Done" };
    const colors = { new: "blue-gray", indeterminate: "yellow", done: "green" };
    return {
      self: `${this.base}/rest/api/3/status/${s.id}`,
      description: "",
      iconUrl: `${this.base}/images/status.png`,
      name: s.name,
      id: s.id,
      statusCategory: {
        self: `${this.base}/rest/api/3/statuscategory/${categoryIds[s.category]}`,
        id: categoryIds[s.category],
        key: s.category,
        colorName: colors[s.category],
        name: names[s.category],
      },
    };
  }

  issueType(issue: IssueRecord) {
    const t = typeOf(this.state, issue);
    return {
      self: `${this.base}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      description: "",
      iconUrl: `${this.base}/images/${t.name}.png`,
      name: t.name,
      subtask: t.subtask,
      hierarchyLevel: t.hierarchyLevel,
    };
  }

  project(key: string) {
    const p = this.state.projects.find((x) => x.key === key) as ProjectRecord;
    return {
      self: `${this.base}/rest/api/3/project/${p.id}`,
      id: p.id,
      key: p.key,
      name: p.name,
      projectTypeKey: p.typeKey,
      simplified: false,
      avatarUrls: { "48x48": `${this.base}/images/project.png` },
    };
  }

  /** The short issue that parents, sub-tasks and links embed. */
  issueRef(key: string) {
    const issue = this.state.issues.find((i) => i.key === key) as IssueRecord;
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.base}/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        status: this.status(issue),
        priority: { self: `${this.base}/rest/api/3/priority/3`, name: issue.priority, id: "3" },
        issuetype: this.issueType(issue),
      },
    };
  }

  comment(issue: IssueRecord, c: CommentRecord) {
    return {
      self: `${this.base}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
      id: c.id,
      author: this.user(c.authorId),
      body: c.body,
      updateAuthor: this.user(c.authorId),
      created: jiraTime(c.created),
      updated: jiraTime(c.created),
      jsdPublic: true,
    };
  }

  worklog(issue: IssueRecord, w: WorklogRecord) {
    return {
      self: `${this.base}/rest/api/3/issue/${issue.id}/worklog/${w.id}`,
      author: this.user(w.authorId),
      updateAuthor: this.user(w.authorId),
      ...(w.comment ? { comment: w.comment } : {}),
      created: jiraTime(w.created),
      updated: jiraTime(w.updated),
      started: jiraTimeIn(w.started, w.startedOffset),
      timeSpent: formatDuration(w.timeSpentSeconds),
      timeSpentSeconds: w.timeSpentSeconds,
      id: w.id,
      issueId: issue.id,
    };
  }

  history(h: HistoryRecord) {
    return { id: h.id, author: this.user(h.authorId), created: jiraTime(h.created), items: h.items };
  }

  sprint(id: number) {
    const s = this.state.sprints.find((x) => x.id === id);
    if (!s) return undefined;
    return {
      id: s.id,
      self: `${this.base}/rest/agile/1.0/sprint/${s.id}`,
      state: s.state,
      name: s.name,
      ...(s.startDate ? { startDate: s.startDate } : {}),
      ...(s.endDate ? { endDate: s.endDate } : {}),
      ...(s.completeDate ? { completeDate: s.completeDate } : {}),
      createdDate: s.createdDate,
      originBoardId: s.boardId,
      goal: s.goal,
    };
  }

  board(id: number) {
    const b = this.state.boards.find((x) => x.id === id);
    if (!b) return undefined;
    const p = this.state.projects.find((x) => x.key === b.projectKey) as ProjectRecord;
    return {
      id: b.id,
      self: `${this.base}/rest/agile/1.0/board/${b.id}`,
      name: b.name,
      type: b.type,
      location: {
        projectId: Number(p.id),
        displayName: `${p.name} (${p.key})`,
        projectName: p.name,
        projectKey: p.key,
        projectTypeKey: p.typeKey,
        avatarURI: `${this.base}/images/project.png`,
        name: `${p.name} (${p.key})`,
      },
    };
  }
}

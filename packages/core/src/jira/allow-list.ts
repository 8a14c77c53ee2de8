import { AppError } from "../errors.ts";
import { scopeJql } from "./jql.ts";

export const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,19}$/;
export const ISSUE_KEY = /^([A-Z][A-Z0-9_]{0,19})-([1-9][0-9]{0,9})$/;

/**
 * The Jira projects Finchat may read and write (JIRA_PROJECTS). Code decides this, never the
 * model: every tool checks its project or issue key here before it calls Jira, and checks what
 * Jira answered again (an issue moved to another project keeps answering to its old key).
 */
export class ProjectAllowList {
  readonly keys: readonly string[];

  constructor(keys: readonly string[]) {
    this.keys = [...new Set(keys.map((k) => k.trim().toUpperCase()).filter(Boolean))];
  }

  has(projectKey: string | undefined): boolean {
    return projectKey !== undefined && this.keys.includes(projectKey.toUpperCase());
  }

  /**
   * @returns the project key in Jira's spelling.
   * @throws AppError("forbidden") for a project outside the list; ("invalid_request") for a malformed key.
   */
  assertProject(projectKey: string): string {
    const key = projectKey.trim().toUpperCase();
    if (!PROJECT_KEY.test(key))
      throw new AppError("invalid_request", `"${projectKey}" is not a Jira project key`);
    if (!this.keys.includes(key)) throw this.#refusal(`project ${key}`);
    return key;
  }

  /**
   * @returns the issue key in Jira's spelling.
   * @throws AppError("forbidden") for an issue of a project outside the list; ("invalid_request") for a malformed key.
   */
  assertIssue(issueKey: string): string {
    const key = issueKey.trim().toUpperCase();
    const match = ISSUE_KEY.exec(key);
    if (!match) throw new AppError("invalid_request", `"${issueKey}" is not a Jira issue key like FIN-123`);
    if (!this.keys.includes(match[1] as string)) throw this.#refusal(`issue ${key}`);
    return key;
  }

  /** The query restricted to the allowed projects. @throws AppError("forbidden") when none is allowed. */
  scope(jql: string): string {
    if (this.keys.length === 0) throw this.#refusal("any Jira project");
    return scopeJql(jql, this.keys);
  }

  #refusal(what: string): AppError {
    const allowed = this.keys.length
      ? `Allowed projects: ${this.keys.join(", ")}.`
      : "No project is allowed.";
    return new AppError("forbidden", `Finchat is not allowed to access ${what}. ${allowed}`);
  }
}

/** The project part of an issue key (`FIN` of `FIN-12`). */
export function projectOfIssue(issueKey: string): string | undefined {
  return ISSUE_KEY.exec(issueKey.toUpperCase())?.[1];
}

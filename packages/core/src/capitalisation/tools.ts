import type { Client } from "@libsql/client";
import { z } from "zod";
import { defineTool, type Tool, type ToolContext } from "../agent/tool.ts";
import { findById } from "../db/users.ts";
import { AppError } from "../errors.ts";
import type { GitHubClient } from "../github/client.ts";
import { ProjectAllowList } from "../jira/allow-list.ts";
import type { JiraClient } from "../jira/client.ts";
import { cite, toJson } from "../jira/format.ts";
import { allowedIssueInput, allowedProjectInput } from "../jira/tools/allowed-input.ts";
import { withEvidence } from "./evidence.ts";
import { parsePeriod } from "./period.ts";
import { listPolicies, setEpicPhases, updateRules } from "./policy.ts";
import { loadAndCompute } from "./report.ts";
import { reportForModel } from "./tool-output.ts";
import type { CapRules } from "./types.ts";
import { isIsoDate } from "./validation.ts";

export interface CapitalisationToolDeps {
  db: Client;
  jira: JiraClient;
  /** JIRA_PROJECTS: the projects the tools may report on and change. */
  projects: readonly string[];
  /** For evidence; undefined when GitHub is not configured. */
  github?: GitHubClient;
}

/** Finance is the admin role: anyone else is told so, and nothing is read or changed. */
async function assertFinance(db: Client, ctx: ToolContext): Promise<void> {
  const user = await findById(db, ctx.userId);
  if (user?.role !== "admin") {
    throw new AppError(
      "forbidden",
      "This person lacks the finance role (admin), so capitalisation figures and policy are not available to them. Tell them to ask an admin.",
    );
  }
}

const dateInput = z.string().refine(isIsoDate, "a calendar day YYYY-MM-DD");

/** `capitalisation_report` (read) and `capitalisation_classify` (write: runs only after approval). */
export function capitalisationTools(deps: CapitalisationToolDeps): Tool[] {
  const allow = new ProjectAllowList(deps.projects);
  return [reportTool(deps, allow), classifyTool(deps, allow)] as Tool[];
}

function reportTool(deps: CapitalisationToolDeps, allow: ProjectAllowList) {
  return defineTool({
    name: "capitalisation_report",
    description:
      "R&D capitalisation for a period: hours and cost that may be capitalised (ASC 350-40 / IAS 38 development phase) versus expensed, per epic and per person, from Jira worklogs and finance's policy, with exact decimal figures, the rounding rule, the worklog ids behind each epic, GitHub evidence, and the work that could not be classified or has no rate. Quote its figures as given; do not recompute them. Finance (admin) only.",
    kind: "read",
    input: z.strictObject({
      period: z.string().max(10).optional().describe('A quarter like "2026-Q3" or a month like "2026-09".'),
      from: dateInput.optional().describe("First day (YYYY-MM-DD), with `to`, instead of period."),
      to: dateInput.optional().describe("Last day (YYYY-MM-DD), inclusive."),
      projects: z
        .array(allowedProjectInput(allow))
        .max(20)
        .optional()
        .describe("Project keys; default: every project with a policy."),
    }),
    async run(args, ctx) {
      await assertFinance(deps.db, ctx);
      const period = parsePeriod(args);
      const projects = args.projects?.length
        ? args.projects.map((p) => allow.assertProject(p))
        : (await listPolicies(deps.db)).map((p) => p.projectKey).filter((p) => allow.has(p));
      if (projects.length === 0)
        throw new AppError("invalid_request", "No allowed project has a capitalisation policy yet");
      const { report, lines } = await loadAndCompute(deps.db, { ...period, projects });
      const withGitHub = await withEvidence(deps.github, report, lines, ctx.signal);
      const { content, citations } = reportForModel(withGitHub, lines, deps.jira);
      const t = report.totals;
      return {
        content: toJson(content),
        summary: `Capitalisation ${period.from}..${period.to} (${projects.join(", ")}): ${t.capitalisable.cost} ${report.currency} capitalisable, ${t.expensed.cost} expensed, ${t.worklogs} worklogs`,
        citations,
      };
    },
  });
}

const changes = [
  "include_issue",
  "exclude_issue",
  "unlist_issue",
  "add_epic",
  "remove_epic",
  "set_phases",
] as const;

const without = (list: string[], key: string) => list.filter((k) => k !== key);
const withKey = (list: string[], key: string) => (list.includes(key) ? list : [...list, key]);

/** The rules after `change` of `key`: include and exclude are kept apart, so the latest word wins. */
export function changedRules(
  rules: CapRules,
  change: Exclude<(typeof changes)[number], "set_phases">,
  key: string,
): CapRules {
  switch (change) {
    case "include_issue":
      return { ...rules, include: withKey(rules.include, key), exclude: without(rules.exclude, key) };
    case "exclude_issue":
      return { ...rules, exclude: withKey(rules.exclude, key), include: without(rules.include, key) };
    case "unlist_issue":
      return { ...rules, include: without(rules.include, key), exclude: without(rules.exclude, key) };
    case "add_epic":
      return { ...rules, epics: withKey(rules.epics, key) };
    case "remove_epic":
      return { ...rules, epics: without(rules.epics, key) };
  }
}

function classifyTool(deps: CapitalisationToolDeps, allow: ProjectAllowList) {
  return defineTool({
    name: "capitalisation_classify",
    description:
      "Change finance's capitalisation policy: include_issue / exclude_issue (explicit lists that win over the rules), unlist_issue (drop from both), add_epic / remove_epic (epics in scope), or set_phases (an epic's development and post-implementation start days; null clears). Needs the person's approval; call it only when they ask for the change. Finance (admin) only.",
    kind: "write",
    input: z
      .strictObject({
        change: z.enum(changes),
        key: allowedIssueInput(allow).describe(
          "The issue key (an epic's key for add_epic, remove_epic, set_phases).",
        ),
        developmentFrom: dateInput
          .nullable()
          .optional()
          .describe("set_phases: first day of development, or null."),
        postImplementationFrom: dateInput
          .nullable()
          .optional()
          .describe("set_phases: first day after go-live, or null."),
      })
      .superRefine((args, ctx) => {
        const dated = args.developmentFrom !== undefined || args.postImplementationFrom !== undefined;
        if (
          args.change === "set_phases" &&
          (args.developmentFrom === undefined || args.postImplementationFrom === undefined)
        ) {
          ctx.addIssue({
            code: "custom",
            message: "set_phases needs developmentFrom and postImplementationFrom (each a day or null)",
          });
        } else if (args.change !== "set_phases" && dated) {
          ctx.addIssue({ code: "custom", message: "Only set_phases takes dates" });
        } else if (
          args.developmentFrom &&
          args.postImplementationFrom &&
          args.postImplementationFrom <= args.developmentFrom
        ) {
          ctx.addIssue({ code: "custom", message: "postImplementationFrom must be after developmentFrom" });
        }
      }),
    async run(args, ctx) {
      await assertFinance(deps.db, ctx);
      const key = allow.assertIssue(args.key);
      if (args.change === "set_phases") {
        const phases = await setEpicPhases(
          deps.db,
          key,
          {
            developmentFrom: args.developmentFrom ?? null,
            postImplementationFrom: args.postImplementationFrom ?? null,
          },
          ctx.userId,
        );
        return {
          content: toJson({ changed: "phases", phases }),
          summary: `Set ${key}'s phases: development from ${phases.developmentFrom ?? "—"}, post-implementation from ${phases.postImplementationFrom ?? "—"}`,
          citations: [cite(deps.jira, key)],
        };
      }
      const project = key.slice(0, key.lastIndexOf("-"));
      const policy = await updateRules(
        deps.db,
        project,
        (rules) => changedRules(rules, args.change as never, key),
        ctx.userId,
      );
      return {
        content: toJson({ changed: args.change, key, project, rules: policy.rules }),
        summary: `${args.change.replace("_", " ")} ${key} in ${project}'s capitalisation policy`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}

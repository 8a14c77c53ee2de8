import { readCapExport, writeCapExport } from "@finchat/core/capitalisation/export";
import { AppError } from "@finchat/core/errors";
import { newId } from "@finchat/core/ids";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { type Actor, type FinanceCore, financeCore } from "./finance-core.ts";
import { allowedProjects, assertAllowedProject, checkedRange, resolvePeriod } from "./finance-period.ts";
import * as S from "./finance-schemas.ts";
import { requireAdmin, requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { jsonBody, jsonResponse } from "./schemas.ts";

const tags = ["finance"];
const finance = "Finance (the admin role) only.";
const read = errorResponses(400, 401, 403);
const write = errorResponses(400, 401, 403, 415);

const getSync = createRoute({
  method: "get",
  path: "/finance/sync",
  tags,
  summary: "When the Jira worklogs were last synced, and how many are stored",
  description: finance,
  responses: { 200: jsonResponse(S.SyncStatus, "Sync status"), ...read },
});
const postSync = createRoute({
  method: "post",
  path: "/finance/sync",
  tags,
  summary: "Queue a worklog sync of the allowed Jira projects (JIRA_PROJECTS)",
  description: `${finance} The sync is incremental: an unchanged period costs only the feed's calls.`,
  responses: {
    202: jsonResponse(z.object({ status: z.literal("queued") }), "Queued"),
    ...errorResponses(401, 403, 422, 503),
  },
});
const listPolicies = createRoute({
  method: "get",
  path: "/finance/policies",
  tags,
  summary: "Each project's capitalisation policy",
  description: finance,
  responses: { 200: jsonResponse(z.object({ items: z.array(S.CapPolicy) }), "Policies"), ...read },
});
const putPolicy = createRoute({
  method: "put",
  path: "/finance/policies/{projectKey}",
  tags,
  summary: "Set a project's policy: its currency and which work is capitalisable",
  description: `${finance} The project must be one of JIRA_PROJECTS. Audited (who, when, before, after).`,
  request: { params: S.ProjectParam, body: jsonBody(S.PolicyBody) },
  responses: { 200: jsonResponse(S.CapPolicy, "The policy"), ...write },
});
const listEpics = createRoute({
  method: "get",
  path: "/finance/epics",
  tags,
  summary: "Epics seen in the synced issues, with their phase dates",
  description: finance,
  request: { query: S.EpicsQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(S.EpicItem) }), "Epics"), ...read },
});
const putPhases = createRoute({
  method: "put",
  path: "/finance/epics/{epicKey}/phases",
  tags,
  summary: "Set when an epic's development and post-implementation phases begin",
  description: `${finance} Work before developmentFrom is preliminary; from postImplementationFrom on, post-implementation. Audited.`,
  request: { params: S.EpicParam, body: jsonBody(S.PhasesBody) },
  responses: { 200: jsonResponse(S.EpicPhases, "The phases"), ...write },
});
const listRates = createRoute({
  method: "get",
  path: "/finance/rates",
  tags,
  summary: "Hourly cost rates per person or role, with the day each applies from",
  description: finance,
  responses: { 200: jsonResponse(z.object({ items: z.array(S.CostRate) }), "Rates"), ...read },
});
const postRate = createRoute({
  method: "post",
  path: "/finance/rates",
  tags,
  summary: "Add a cost rate",
  description: `${finance} A person's rate wins over their role's; the latest effectiveFrom on or before the work date applies. Audited.`,
  request: { body: jsonBody(S.RateBody) },
  responses: { 201: jsonResponse(S.CostRate, "The rate"), ...write },
});
const deleteRate = createRoute({
  method: "delete",
  path: "/finance/rates/{id}",
  tags,
  summary: "Remove a cost rate",
  description: `${finance} Audited.`,
  request: { params: S.RateParam },
  responses: { 204: { description: "Removed" }, ...errorResponses(400, 401, 403, 404) },
});
const listPeople = createRoute({
  method: "get",
  path: "/finance/people",
  tags,
  summary: "The worklogs' authors and their roles",
  description: finance,
  responses: { 200: jsonResponse(z.object({ items: z.array(S.Person) }), "People"), ...read },
});
const putPerson = createRoute({
  method: "put",
  path: "/finance/people/{accountId}",
  tags,
  summary: "Set a person's role (the role's rate applies when they have none of their own)",
  description: `${finance} Audited.`,
  request: { params: S.PersonParam, body: jsonBody(S.PersonBody) },
  responses: { 200: jsonResponse(S.Person, "The person"), ...errorResponses(400, 401, 403, 404, 415) },
});
const audit = createRoute({
  method: "get",
  path: "/finance/audit",
  tags,
  summary: "Changes to policies, phases, rates and roles, newest first",
  description: finance,
  request: { query: S.AuditQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(S.AuditEntry) }), "Changes"), ...read },
});
const report = createRoute({
  method: "get",
  path: "/finance/report",
  tags,
  summary: "Capitalisable and expensed hours and cost for a period, per epic and person",
  description: `${finance} A period is \`period\` (2026-Q3 or 2026-09) or \`from\` and \`to\` (inclusive days, at most two years). Projects default to every project with a policy; they must share a currency. With GitHub configured, each epic carries the pull requests and commits whose titles, branches or messages name its key or its issues' keys (GITHUB_ALLOW's repositories).`,
  request: { query: S.ReportQuery },
  responses: { 200: jsonResponse(S.CapReport, "The report"), ...read },
});
const lines = createRoute({
  method: "get",
  path: "/finance/report/lines",
  tags,
  summary: "The report's worklog lines (drill-down), filtered by epic, person or treatment",
  description: finance,
  request: { query: S.LinesQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(S.CapLine) }), "Lines"), ...read },
});
const createExport = createRoute({
  method: "post",
  path: "/finance/exports",
  tags,
  summary: "Build the report as CSV or XLSX and store it for download",
  description: `${finance} CSV: one row per worklog line, then the totals (UTF-8 with a byte order mark; cells that could start a formula are prefixed with '). XLSX: sheets Summary, Epics, People, Lines, Exceptions and Evidence (GitHub, when configured), amounts as numbers in the currency's format. Counts against the per-user export limit (USER_MAX_EXPORTS).`,
  request: { body: jsonBody(S.ExportBody) },
  responses: { 201: jsonResponse(S.ExportCreated, "Built"), ...errorResponses(400, 401, 403, 415, 429) },
});
const getExport = createRoute({
  method: "get",
  path: "/finance/exports/{id}",
  tags,
  summary: "Download a built export",
  description: finance,
  request: { params: S.ExportParam },
  responses: {
    200: {
      description: "The file, as an attachment",
      content: {
        "text/csv": { schema: z.string() },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
          schema: z.string().openapi({ format: "binary" }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const actorOf = (c: Context<AuthedEnv>): Actor => ({ id: c.var.user.id, email: c.var.user.email });

/** The R&D capitalisation routes, for the finance (admin) role only. */
export function financeRoutes(deps: ApiDeps, core: FinanceCore = financeCore(deps)) {
  const app = createRouter<AuthedEnv>();
  app.use("/finance/*", requireUser, requireAdmin);
  const { config } = deps;
  return app
    .openapi(getSync, async (c) => c.json(await core.syncStatus(), 200))
    .openapi(postSync, async (c) => {
      if (!config.jira.host || config.jira.projects.length === 0) {
        throw new AppError("unprocessable", "Jira is not configured (JIRA_HOST and JIRA_PROJECTS)");
      }
      await core.enqueueSync(c.var.user.id);
      return c.json({ status: "queued" as const }, 202);
    })
    .openapi(listPolicies, async (c) => c.json({ items: await core.listPolicies() }, 200))
    .openapi(putPolicy, async (c) => {
      const { projectKey } = c.req.valid("param");
      assertAllowedProject(config, projectKey);
      return c.json(await core.putPolicy(projectKey, c.req.valid("json"), actorOf(c)), 200);
    })
    .openapi(listEpics, async (c) => {
      const { project } = c.req.valid("query");
      if (project) assertAllowedProject(config, project);
      return c.json({ items: await core.listEpics(project) }, 200);
    })
    .openapi(putPhases, async (c) => {
      const { epicKey } = c.req.valid("param");
      assertAllowedProject(config, epicKey.slice(0, epicKey.lastIndexOf("-")));
      return c.json(await core.putEpicPhases(epicKey, c.req.valid("json"), actorOf(c)), 200);
    })
    .openapi(listRates, async (c) => c.json({ items: await core.listRates() }, 200))
    .openapi(postRate, async (c) => c.json(await core.addRate(c.req.valid("json"), actorOf(c)), 201))
    .openapi(deleteRate, async (c) => {
      await core.deleteRate(c.req.valid("param").id, actorOf(c));
      return c.body(null, 204);
    })
    .openapi(listPeople, async (c) => c.json({ items: await core.listPeople() }, 200))
    .openapi(putPerson, async (c) => {
      const { accountId } = c.req.valid("param");
      const person = await core.setRole(accountId, c.req.valid("json").role, actorOf(c));
      if (!person) throw new AppError("not_found", "Nobody with this account id logged work");
      return c.json(person, 200);
    })
    .openapi(audit, async (c) => c.json({ items: await core.audit(c.req.valid("query").limit) }, 200))
    .openapi(report, async (c) => {
      const query = c.req.valid("query");
      const projects = allowedProjects(config, query.projects);
      const built = await core.report({ ...resolvePeriod(query), ...(projects ? { projects } : {}) });
      return c.json(await core.withEvidence(built.report, built.lines, c.req.raw.signal), 200);
    })
    .openapi(lines, async (c) => {
      const { epic, accountId, treatment, ...query } = c.req.valid("query");
      const projects = allowedProjects(config, query.projects);
      const filter = {
        ...(epic ? { epic } : {}),
        ...(accountId ? { accountId } : {}),
        ...(treatment ? { treatment } : {}),
      };
      const items = await core.lines({ ...resolvePeriod(query), ...(projects ? { projects } : {}) }, filter);
      return c.json({ items }, 200);
    })
    .openapi(createExport, async (c) => {
      const body = c.req.valid("json");
      const projects = allowedProjects(config, body.projects);
      const query = { ...checkedRange(body.from, body.to), ...(projects ? { projects } : {}) };
      const { report: plain, lines: all } = await core.report(query);
      const built = await core.withEvidence(plain, all, c.req.raw.signal);
      const id = newId();
      await writeCapExport(deps.blobs, {
        id,
        format: body.format,
        report: built,
        lines: all,
        createdBy: c.var.user.id,
      });
      return c.json({ id, format: body.format, url: `/api/finance/exports/${id}` }, 201);
    })
    .openapi(getExport, async (c) => {
      const found = await readCapExport(deps.blobs, c.req.valid("param").id);
      if (!found) throw new AppError("not_found", "No such export");
      return c.body(found.file.body, 200, {
        "content-type": found.contentType,
        "content-disposition": `attachment; filename="${found.record.filename}"`,
        ...(found.file.bytes !== undefined ? { "content-length": String(found.file.bytes) } : {}),
      });
    });
}

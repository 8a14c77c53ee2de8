import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, errorOf } from "./test-support.ts";

// The finance routes' edges: who may call them and what input they refuse before anything is read
// or written. What they answer for good input is in finance.test.ts.
let api: Awaited<ReturnType<typeof createTestApi>>;
let admin: Awaited<ReturnType<typeof api.signUp>>;
let member: Awaited<ReturnType<typeof api.signUp>>;

beforeAll(async () => {
  api = await createTestApi({ JIRA_PROJECTS: "FIN,OPS" });
  admin = await api.signUp();
  member = await api.signUp();
});
afterAll(() => api.close());

const send = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
  api.app.request(`/api${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const rules = { epics: [], issueTypes: [], labels: [], components: [], include: [], exclude: [] };

describe("finance routes: access", () => {
  it("the first user is the admin (finance), the second a member", () => {
    expect(admin.user.role).toBe("admin");
    expect(member.user.role).toBe("member");
  });

  it.each([
    ["GET", "/finance/sync"],
    ["POST", "/finance/sync"],
    ["GET", "/finance/policies"],
    ["PUT", "/finance/policies/FIN"],
    ["GET", "/finance/epics"],
    ["PUT", "/finance/epics/FIN-1/phases"],
    ["GET", "/finance/rates"],
    ["POST", "/finance/rates"],
    ["DELETE", "/finance/rates/r1"],
    ["GET", "/finance/people"],
    ["PUT", "/finance/people/acc-1"],
    ["GET", "/finance/audit"],
    ["GET", "/finance/report?period=2026-Q3"],
    ["GET", "/finance/report/lines?period=2026-Q3"],
    ["POST", "/finance/exports"],
    ["GET", "/finance/exports/0190a0a0-0000-7000-8000-000000000000"],
  ])("%s %s: 403 forbidden for a member, 401 for nobody", async (method, path) => {
    const body = method === "GET" || method === "DELETE" ? undefined : {};
    const denied = await send(member.headers, method, path, body);
    expect(denied.status).toBe(403);
    expect((await errorOf(denied)).code).toBe("forbidden");
    const anonymous = await send({ "content-type": "application/json" }, method, path, body);
    expect(anonymous.status).toBe(401);
  });

  it("a session without the CSRF header cannot write", async () => {
    const res = await send(
      { cookie: admin.cookie, "content-type": "application/json" },
      "PUT",
      "/finance/policies/FIN",
      {
        currency: "EUR",
        rules,
      },
    );
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("csrf_failed");
  });
});

describe("finance routes: bad input is a 400 invalid_request", () => {
  it.each([
    ["PUT", "/finance/policies/FIN", { currency: "euro", rules }, "currency"],
    ["PUT", "/finance/policies/FIN", { currency: "EUR", rules: { ...rules, epics: ["not a key"] } }, "epics"],
    ["PUT", "/finance/policies/FIN", { currency: "EUR", rules: { ...rules, extra: [] } }, "extra"],
    ["PUT", "/finance/policies/FIN", { currency: "EUR" }, "rules"],
    ["PUT", "/finance/policies/NOPE", { currency: "EUR", rules }, "not an allowed Jira project"],
    ["PUT", "/finance/policies/fin", { currency: "EUR", rules }, "projectKey"],
    [
      "PUT",
      "/finance/epics/FIN-1/phases",
      { developmentFrom: "2026-08-01", postImplementationFrom: "2026-08-01" },
      "postImplementationFrom must be after developmentFrom",
    ],
    [
      "PUT",
      "/finance/epics/FIN-1/phases",
      { developmentFrom: "2026-02-30", postImplementationFrom: null },
      "developmentFrom",
    ],
    ["PUT", "/finance/epics/FIN-1/phases", { developmentFrom: "2026-08-01" }, "postImplementationFrom"],
    ["PUT", "/finance/epics/OPSX-1/phases", { developmentFrom: null, postImplementationFrom: null }, "OPSX"],
    ["PUT", "/finance/epics/FIN/phases", { developmentFrom: null, postImplementationFrom: null }, "epicKey"],
    [
      "POST",
      "/finance/rates",
      {
        subjectKind: "person",
        subject: "acc-1",
        hourlyRate: "85,00",
        currency: "EUR",
        effectiveFrom: "2026-07-01",
      },
      "hourlyRate",
    ],
    [
      "POST",
      "/finance/rates",
      {
        subjectKind: "person",
        subject: "acc-1",
        hourlyRate: "-5",
        currency: "EUR",
        effectiveFrom: "2026-07-01",
      },
      "hourlyRate",
    ],
    [
      "POST",
      "/finance/rates",
      {
        subjectKind: "person",
        subject: "acc-1",
        hourlyRate: 85,
        currency: "EUR",
        effectiveFrom: "2026-07-01",
      },
      "hourlyRate",
    ],
    [
      "POST",
      "/finance/rates",
      { subjectKind: "team", subject: "x", hourlyRate: "85", currency: "EUR", effectiveFrom: "2026-07-01" },
      "subjectKind",
    ],
    [
      "POST",
      "/finance/rates",
      { subjectKind: "role", subject: " ", hourlyRate: "85", currency: "EUR", effectiveFrom: "2026-07-01" },
      "subject",
    ],
    [
      "POST",
      "/finance/rates",
      { subjectKind: "role", subject: "Engineer", hourlyRate: "85", currency: "EUR", effectiveFrom: "July" },
      "effectiveFrom",
    ],
    ["PUT", "/finance/people/acc-1", { role: "" }, "role"],
    ["PUT", "/finance/people/acc-1", {}, "role"],
    ["PUT", "/finance/people/bad%20id", { role: "Engineer" }, "accountId"],
    ["POST", "/finance/exports", { from: "2026-07-01", to: "2026-09-30", format: "pdf" }, "format"],
    [
      "POST",
      "/finance/exports",
      { from: "2026-09-30", to: "2026-07-01", format: "csv" },
      "`from` must not be after `to`",
    ],
    [
      "POST",
      "/finance/exports",
      { from: "2026-07-01", to: "2026-09-30", format: "csv", projects: ["ZZZ"] },
      "ZZZ",
    ],
    ["POST", "/finance/exports", { from: "2020-01-01", to: "2026-09-30", format: "csv" }, "at most 731 days"],
  ])("%s %s %j → names %s", async (method, path, body, named) => {
    const res = await send(admin.headers, method, path, body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(named);
  });

  it.each([
    ["/finance/report", "neither a period nor from and to", "Give `period`"],
    ["/finance/report?period=2026-Q5", "a fifth quarter", "period"],
    ["/finance/report?period=2026-13", "a 13th month", "period"],
    ["/finance/report?period=2026-Q3&from=2026-07-01", "both", "not both"],
    ["/finance/report?from=2026-07-01", "from without to", "Give `period`"],
    ["/finance/report?from=2026-09-31&to=2026-10-01", "a day that does not exist", "from"],
    ["/finance/report?from=2026-10-01&to=2026-09-01", "a reversed range", "must not be after"],
    ["/finance/report?period=2026-Q3&projects=FIN,ZZZ", "a project not allowed", "ZZZ"],
    ["/finance/report?period=2026-Q3&projects=,", "an empty project list", "names no project"],
    ["/finance/report/lines?period=2026-Q3&treatment=maybe", "an unknown treatment", "treatment"],
    ["/finance/report/lines?period=2026-Q3&epic=FIN", "an epic that is no issue key", "epic"],
    ["/finance/epics?project=ZZZ", "a project not allowed", "ZZZ"],
    ["/finance/audit?limit=0", "a zero limit", "limit"],
    ["/finance/audit?limit=501", "a limit over 500", "limit"],
    ["/finance/exports/not-an-id", "an id of another shape", "id"],
  ])("GET %s (%s)", async (path, _why, named) => {
    const res = await send(admin.headers, "GET", path);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(named);
  });

  it("a body that is not JSON is a 415", async () => {
    const res = await api.app.request("/api/finance/rates", {
      method: "POST",
      headers: { ...admin.headers, "content-type": "text/csv" },
      body: "person,acc-1,85",
    });
    expect(res.status).toBe(415);
  });

  it("an export refused for bad input gives its per-user point back", async () => {
    const limited = await createTestApi({ JIRA_PROJECTS: "FIN", USER_MAX_EXPORTS: "1" });
    try {
      const someone = await limited.signUp();
      for (let i = 0; i < 3; i++) {
        const res = await limited.app.request("/api/finance/exports", {
          method: "POST",
          headers: someone.headers,
          body: JSON.stringify({ from: "2026-07-01", to: "2026-09-30", format: "doc" }),
        });
        expect(res.status).toBe(400);
      }
    } finally {
      await limited.close();
    }
  });
});

describe("finance routes: refused requests", () => {
  it("stored nothing: no policy, rate, role or audit entry", async () => {
    for (const path of ["/finance/policies", "/finance/rates", "/finance/people", "/finance/audit"]) {
      const res = await send(admin.headers, "GET", path);
      expect(res.status, path).toBe(200);
      expect(await res.json(), path).toEqual({ items: [] });
    }
  });
});

describe("GET /api/openapi.json", () => {
  it("describes every finance route under the finance tag", async () => {
    const doc = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const finance = Object.entries(doc.paths).filter(([path]) => path.startsWith("/api/finance"));
    expect(finance.map(([path]) => path).sort()).toEqual([
      "/api/finance/audit",
      "/api/finance/epics",
      "/api/finance/epics/{epicKey}/phases",
      "/api/finance/exports",
      "/api/finance/exports/{id}",
      "/api/finance/people",
      "/api/finance/people/{accountId}",
      "/api/finance/policies",
      "/api/finance/policies/{projectKey}",
      "/api/finance/rates",
      "/api/finance/rates/{id}",
      "/api/finance/report",
      "/api/finance/report/lines",
      "/api/finance/sync",
    ]);
    for (const [, operations] of finance) {
      for (const operation of Object.values(operations)) expect(operation.tags).toEqual(["finance"]);
    }
  });
});

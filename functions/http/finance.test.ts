import { parsePeriod } from "@finchat/core/capitalisation/period";
import { buildCapReport, reportLines } from "@finchat/core/capitalisation/report";
import { reportCacheFor } from "@finchat/core/capitalisation/report-cache";
import type { CapLine, CapReport, CostRate } from "@finchat/core/capitalisation/types";
import { startGitHubServer } from "@finchat/testkit";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedWorklogs } from "../../packages/core/src/capitalisation/test-support.ts";
import { createTestApi, errorOf } from "./test-support.ts";

// The finance routes over a real database, Redis and S3: what they store, what they answer, and that
// the report over HTTP is the report core builds. Access and input checks: finance-validation.test.ts.
let api: Awaited<ReturnType<typeof createTestApi>>;
let admin: Awaited<ReturnType<typeof api.signUp>>;
let member: Awaited<ReturnType<typeof api.signUp>>;

const Q3 = { from: "2026-07-01", to: "2026-09-30" };
const rules = {
  epics: ["FIN-1"],
  issueTypes: [],
  labels: ["rnd"],
  components: [],
  include: [],
  exclude: ["FIN-3"],
};

beforeAll(async () => {
  api = await createTestApi({ JIRA_PROJECTS: "FIN,OPS", JIRA_HOST: "http://127.0.0.1:9" });
  admin = await api.signUp();
  member = await api.signUp();
  await seedWorklogs(
    api.deps.db,
    [
      { key: "FIN-1", type: "Epic", epicKey: "FIN-1", summary: "Ledger v2" },
      { key: "FIN-2", epicKey: "FIN-1", summary: 'Import, "quoted"' },
      { key: "FIN-3", epicKey: "FIN-1" },
      { key: "FIN-4", type: "Bug", summary: "=1+1" },
      { key: "OPS-1", epicKey: "OPS-9" },
    ],
    [
      {
        id: "w1",
        issueId: "id-FIN-2",
        accountId: "acc-ada",
        authorName: "Ada",
        workDate: "2026-07-15",
        seconds: 7200,
      },
      {
        id: "w2",
        issueId: "id-FIN-2",
        accountId: "acc-ada",
        authorName: "Ada",
        workDate: "2026-08-03",
        seconds: 1200,
      },
      {
        id: "w3",
        issueId: "id-FIN-2",
        accountId: "acc-ada",
        authorName: "Ada",
        workDate: "2026-08-04",
        seconds: 1200,
      },
      {
        id: "w4",
        issueId: "id-FIN-2",
        accountId: "acc-ada",
        authorName: "Ada",
        workDate: "2026-08-20",
        seconds: 1200,
      },
      {
        id: "w5",
        issueId: "id-FIN-3",
        accountId: "acc-bob",
        authorName: "Bob",
        workDate: "2026-08-03",
        seconds: 3600,
      },
      {
        id: "w6",
        issueId: "id-FIN-4",
        accountId: "acc-cy",
        authorName: "Cy",
        workDate: "2026-08-03",
        seconds: 3600,
      },
      {
        id: "w7",
        issueId: "id-MISSING",
        accountId: "acc-bob",
        authorName: "Bob",
        workDate: "2026-08-04",
        seconds: 1800,
      },
      {
        id: "w8",
        issueId: "id-FIN-2",
        accountId: "acc-bob",
        authorName: "Bob",
        workDate: "2026-09-20",
        seconds: 3600,
      },
      {
        id: "w9",
        issueId: "id-FIN-2",
        accountId: "acc-ada",
        authorName: "Ada",
        workDate: "2026-10-01",
        seconds: 3600,
      },
    ],
  );
});
afterAll(() => api.close());

const send = (who: { headers: Record<string, string> }, method: string, path: string, body?: unknown) =>
  api.app.request(`/api${path}`, {
    method,
    headers: who.headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
async function ok<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The stored state every refused request must leave as it was. */
async function state() {
  const read = async (path: string) => ok<unknown>(await send(admin, "GET", path));
  return {
    policies: await read("/finance/policies"),
    rates: await read("/finance/rates"),
    people: await read("/finance/people"),
    epics: await read("/finance/epics"),
    audit: await read("/finance/audit?limit=500"),
  };
}

const withoutGeneratedAt = (report: CapReport) => ({ ...report, generatedAt: "" });

describe("finance: policy, phases, rates and roles", () => {
  it("stores each change and audits who made it", async () => {
    const policy = await ok<{ projectKey: string; currency: string; updatedBy: string }>(
      await send(admin, "PUT", "/finance/policies/FIN", { currency: "EUR", rules }),
    );
    expect(policy).toMatchObject({ projectKey: "FIN", currency: "EUR", rules, updatedBy: admin.user.id });
    const phases = await ok(
      await send(admin, "PUT", "/finance/epics/FIN-1/phases", {
        developmentFrom: "2026-08-01",
        postImplementationFrom: "2026-09-16",
      }),
    );
    expect(phases).toMatchObject({ epicKey: "FIN-1", projectKey: "FIN", developmentFrom: "2026-08-01" });
    const rate = (subjectKind: string, subject: string, hourlyRate: string, effectiveFrom: string) =>
      send(admin, "POST", "/finance/rates", {
        subjectKind,
        subject,
        hourlyRate,
        currency: "EUR",
        effectiveFrom,
      });
    const ada = await ok<CostRate>(await rate("person", "acc-ada", "100.00", "2026-01-01"), 201);
    expect(ada).toMatchObject({
      subjectKind: "person",
      subject: "acc-ada",
      hourlyRate: "100.00",
      createdBy: admin.user.id,
    });
    await ok(await rate("person", "acc-ada", "120.00", "2026-08-15"), 201);
    await ok(await rate("role", "Engineer", "60.00", "2026-01-01"), 201);
    expect(await ok(await send(admin, "PUT", "/finance/people/acc-bob", { role: "Engineer" }))).toEqual({
      accountId: "acc-bob",
      name: "Bob",
      role: "Engineer",
    });

    const { items: people } = await ok<{ items: unknown[] }>(await send(admin, "GET", "/finance/people"));
    expect(people).toEqual([
      { accountId: "acc-ada", name: "Ada", role: null },
      { accountId: "acc-bob", name: "Bob", role: "Engineer" },
      { accountId: "acc-cy", name: "Cy", role: null },
    ]);
    const { items: epics } = await ok<{ items: { epicKey: string; phases: unknown }[] }>(
      await send(admin, "GET", "/finance/epics?project=FIN"),
    );
    expect(epics).toEqual([
      {
        epicKey: "FIN-1",
        summary: "Ledger v2",
        projectKey: "FIN",
        phases: expect.objectContaining({
          developmentFrom: "2026-08-01",
          postImplementationFrom: "2026-09-16",
        }),
      },
    ]);
    const all = await ok<{ items: { epicKey: string }[] }>(await send(admin, "GET", "/finance/epics"));
    expect(all.items.map((e) => e.epicKey)).toEqual(["FIN-1", "OPS-9"]);

    const { items: audit } = await ok<{ items: { entity: string; action: string; userEmail: string }[] }>(
      await send(admin, "GET", "/finance/audit"),
    );
    expect(audit.map((a) => a.entity)).toEqual([
      "person_role",
      "rate",
      "rate",
      "rate",
      "epic_phases",
      "policy",
    ]);
    expect(new Set(audit.map((a) => a.userEmail))).toEqual(new Set([admin.email]));
  });

  it("refuses what core refuses with a 4xx and changes nothing", async () => {
    const before = await state();
    const refusals: [string, string, unknown, number][] = [
      // No project's policy is in USD.
      [
        "POST",
        "/finance/rates",
        {
          subjectKind: "role",
          subject: "QA",
          hourlyRate: "50",
          currency: "USD",
          effectiveFrom: "2026-01-01",
        },
        400,
      ],
      // Ada already has a EUR rate from that day.
      [
        "POST",
        "/finance/rates",
        {
          subjectKind: "person",
          subject: "acc-ada",
          hourlyRate: "1",
          currency: "EUR",
          effectiveFrom: "2026-01-01",
        },
        409,
      ],
      [
        "POST",
        "/finance/rates",
        {
          subjectKind: "role",
          subject: "QA",
          hourlyRate: "0.00",
          currency: "EUR",
          effectiveFrom: "2026-01-01",
        },
        400,
      ],
      ["PUT", "/finance/policies/FIN", { currency: "XYZ", rules }, 400],
      ["DELETE", "/finance/rates/no-such-rate", undefined, 404],
      ["PUT", "/finance/people/acc-nobody", { role: "Engineer" }, 404],
      [
        "PUT",
        "/finance/epics/FIN-1/phases",
        { developmentFrom: "2026-09-01", postImplementationFrom: "2026-08-01" },
        400,
      ],
      ["PUT", "/finance/policies/FIN", { currency: "EUR", rules }, 403],
    ];
    for (const [method, path, body, status] of refusals) {
      const who = status === 403 ? member : admin;
      const res = await send(who, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect((await errorOf(res)).message).toBeTruthy();
    }
    expect(await state()).toEqual(before);
  });

  it("deletes a rate once, audited", async () => {
    const created = await ok<CostRate>(
      await send(admin, "POST", "/finance/rates", {
        subjectKind: "role",
        subject: "Designer",
        hourlyRate: "70.5",
        currency: "EUR",
        effectiveFrom: "2026-03-01",
      }),
      201,
    );
    expect((await send(admin, "DELETE", `/finance/rates/${created.id}`)).status).toBe(204);
    expect((await send(admin, "DELETE", `/finance/rates/${created.id}`)).status).toBe(404);
    const { items } = await ok<{ items: { entity: string; action: string; key: string }[] }>(
      await send(admin, "GET", "/finance/audit?limit=2"),
    );
    expect(items).toMatchObject([
      { entity: "rate", action: "delete", key: created.id },
      { entity: "rate", action: "create", key: created.id },
    ]);
  });
});

describe("finance: the report", () => {
  it("answers with buildCapReport's figures, for a quarter or the same days given as from/to", async () => {
    const quarter = await ok<CapReport>(await send(admin, "GET", "/finance/report?period=2026-Q3"));
    const days = await ok<CapReport>(
      await send(admin, "GET", "/finance/report?from=2026-07-01&to=2026-09-30&projects=FIN"),
    );
    const built = await buildCapReport(api.deps.db, { ...Q3, projects: ["FIN"] });
    expect(withoutGeneratedAt(quarter)).toEqual(withoutGeneratedAt(built));
    expect(withoutGeneratedAt(days)).toEqual(withoutGeneratedAt(built));
    expect(quarter.totals.worklogs).toBe(8);
    expect(quarter.exceptions.unclassified.map((l) => l.worklogId)).toEqual(["w7"]);
    expect(quarter.totals.capitalisable.cost).not.toBe("0.00");
  });

  it("reads a period as the capitalisation_report tool does: a lower-case quarter too", async () => {
    const upper = await ok<CapReport>(await send(admin, "GET", "/finance/report?period=2026-Q3"));
    const lower = await ok<CapReport>(await send(admin, "GET", "/finance/report?period=2026-q3"));
    expect(withoutGeneratedAt(lower)).toEqual(withoutGeneratedAt(upper));
    expect(lower.period).toEqual(parsePeriod({ period: "2026-q3" }));
    const lines = await ok<{ items: CapLine[] }>(
      await send(admin, "GET", "/finance/report/lines?period=2026-q3&epic=FIN-1"),
    );
    expect(lines.items).toEqual(await reportLines(api.deps.db, Q3, { epic: "FIN-1" }));
  });

  it("drills down to lines by epic, person and treatment, as reportLines does", async () => {
    const lines = async (query: string) =>
      (
        await ok<{ items: CapLine[] }>(
          await send(admin, "GET", `/finance/report/lines?period=2026-Q3&${query}`),
        )
      ).items;
    expect(await lines("epic=FIN-1")).toEqual(await reportLines(api.deps.db, Q3, { epic: "FIN-1" }));
    const none = await lines("epic=none");
    expect(none.map((l) => l.worklogId).sort()).toEqual(["w6", "w7"]);
    expect((await lines("accountId=acc-bob&treatment=expensed")).map((l) => l.worklogId).sort()).toEqual([
      "w5",
      "w8",
    ]);
    expect((await lines("treatment=capitalisable")).map((l) => l.worklogId)).toEqual(["w2", "w3", "w4"]);
  });

  it("serves a repeat and its drill-down from the Api's report cache, and recomputes after a change", async () => {
    const cache = reportCacheFor(api.deps.db);
    const first = await ok<CapReport>(
      await send(admin, "GET", "/finance/report?period=2026-Q3&projects=FIN"),
    );
    const { hits, misses } = cache.stats;
    const again = await ok<CapReport>(
      await send(admin, "GET", "/finance/report?period=2026-Q3&projects=FIN"),
    );
    expect(again.generatedAt).toBe(first.generatedAt);
    await ok(await send(admin, "GET", "/finance/report/lines?period=2026-Q3&projects=FIN&epic=FIN-1"));
    expect(cache.stats).toEqual({ hits: hits + 2, misses });
    await ok(await send(admin, "PUT", "/finance/people/acc-bob", { role: "Engineer" }));
    await ok(await send(admin, "GET", "/finance/report?period=2026-Q3&projects=FIN"));
    expect(cache.stats.misses).toBe(misses + 1);
  });

  it("refuses projects with different currencies, and a period with no policy", async () => {
    await ok(
      await send(admin, "PUT", "/finance/policies/OPS", {
        currency: "USD",
        rules: { ...rules, epics: [], exclude: [] },
      }),
    );
    const mixed = await send(admin, "GET", "/finance/report?period=2026-Q3&projects=FIN,OPS");
    expect(mixed.status).toBe(400);
    expect((await errorOf(mixed)).message).toContain("currency");
    const ops = await ok<CapReport>(await send(admin, "GET", "/finance/report?period=2026-08&projects=OPS"));
    expect(ops).toMatchObject({
      currency: "USD",
      period: { from: "2026-08-01", to: "2026-08-31" },
      projects: ["OPS"],
    });
  });
});

describe("finance: exports", () => {
  const exportOf = async (format: "csv" | "xlsx") => {
    const created = await ok<{ id: string; format: string; url: string }>(
      await send(admin, "POST", "/finance/exports", { ...Q3, projects: ["FIN"], format }),
      201,
    );
    expect(created.url).toBe(`/api/finance/exports/${created.id}`);
    const file = await api.app.request(created.url, { headers: admin.headers });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe(
      `attachment; filename="capitalisation-FIN-2026-07-01-2026-09-30.${format}"`,
    );
    return { created, file };
  };

  it("builds a CSV whose lines and totals are the report's, served as an attachment", async () => {
    const { file } = await exportOf("csv");
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = Buffer.from(bytes).toString("utf8");
    const report = await buildCapReport(api.deps.db, { ...Q3, projects: ["FIN"] });
    const lines = await reportLines(api.deps.db, { ...Q3, projects: ["FIN"] });
    const records = text.slice(1).split("\r\n");
    expect(records.slice(1, 1 + lines.length).map((r) => r.split(",")[0])).toEqual(
      lines.map((l) => l.worklogId),
    );
    expect(text).toContain(
      `\r\nCapitalisable,${report.totals.capitalisable.hours},${report.totals.capitalisable.cost},\r\n`,
    );
    expect(text).toContain(
      `\r\nExpensed,${report.totals.expensed.hours},${report.totals.expensed.cost},\r\n`,
    );
    expect(text).toContain(`,'=1+1,`);
    expect(text).toContain(`"Import, ""quoted"""`);
  });

  it("builds an XLSX whose Summary totals are the report's, as numbers", async () => {
    const { file } = await exportOf("xlsx");
    expect(file.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await file.arrayBuffer()) as ArrayBuffer);
    const report = await buildCapReport(api.deps.db, { ...Q3, projects: ["FIN"] });
    const rows = new Map<string, ExcelJS.Row>();
    book.getWorksheet("Summary")?.eachRow((row) => rows.set(String(row.getCell(1).value), row));
    for (const [label, figure] of [
      ["Capitalisable", report.totals.capitalisable],
      ["Expensed", report.totals.expensed],
      ["Unclassified", report.totals.unclassified],
      ["Total (rated)", report.totals.total],
    ] as const) {
      expect(rows.get(label)?.getCell(3).value, label).toBe(Number(figure.cost));
      expect(rows.get(label)?.getCell(2).value, label).toBe(Number(figure.hours));
    }
    expect(book.getWorksheet("Lines")?.rowCount).toBe(1 + report.totals.worklogs);
  });

  it("is for finance only, and an unknown export is a 404", async () => {
    const { created } = await exportOf("csv");
    expect((await api.app.request(created.url, { headers: member.headers })).status).toBe(403);
    const missing = await api.app.request("/api/finance/exports/0190a0a0-0000-7000-8000-000000000000", {
      headers: admin.headers,
    });
    expect(missing.status).toBe(404);
  });
});

describe("finance: the worklog sync", () => {
  it("reports what is stored, and queues a sync for the allowed projects", async () => {
    const status = await ok<{ syncedAt: string | null; issues: number; worklogs: number; feeds: unknown[] }>(
      await send(admin, "GET", "/finance/sync"),
    );
    expect(status).toMatchObject({ syncedAt: null, issues: 5, worklogs: 9, feeds: [] });
    const attributes = () => api.deps.queueAdmin.getQueueAttributes("worklog-sync");
    const before = (await attributes()).ApproximateNumberOfMessages;
    expect(await ok(await send(admin, "POST", "/finance/sync"), 202)).toEqual({ status: "queued" });
    expect((await attributes()).ApproximateNumberOfMessages).toBe(before + 1);
  });

  it("answers 422 when Jira is not configured", async () => {
    const bare = await createTestApi({ JIRA_PROJECTS: "FIN" });
    try {
      const someone = await bare.signUp();
      const res = await bare.app.request("/api/finance/sync", { method: "POST", headers: someone.headers });
      expect(res.status).toBe(422);
      expect((await errorOf(res)).message).toContain("JIRA_HOST");
    } finally {
      await bare.close();
    }
  });
});

describe("finance: GitHub evidence in the report", () => {
  it("lists each epic's pull requests found by its issues' keys when GitHub is configured", async () => {
    // The testkit repository acme/ledger has a pull request titled "FIN-42: accrual engine".
    const github = await startGitHubServer();
    const withGitHub = await createTestApi({
      JIRA_PROJECTS: "FIN",
      GITHUB_TOKEN: "test-token",
      GITHUB_API_URL: github.url,
      GITHUB_ALLOW: "acme/ledger",
    });
    try {
      const someone = await withGitHub.signUp();
      await seedWorklogs(
        withGitHub.deps.db,
        [{ key: "FIN-42", epicKey: "FIN-1" }],
        [{ id: "g1", issueId: "id-FIN-42", workDate: "2026-08-10", seconds: 3600 }],
      );
      const put = await withGitHub.app.request("/api/finance/policies/FIN", {
        method: "PUT",
        headers: someone.headers,
        body: JSON.stringify({ currency: "EUR", rules }),
      });
      expect(put.status).toBe(200);
      const res = await withGitHub.app.request("/api/finance/report?period=2026-Q3", {
        headers: someone.headers,
      });
      const report = await ok<CapReport>(res);
      const fin1 = report.epics.find((e) => e.epicKey === "FIN-1");
      expect(fin1?.evidence?.pulls.map((p) => `${p.repo} ${p.title}`)).toEqual([
        "acme/ledger FIN-42: accrual engine",
      ]);
      // The XLSX export lists it on its Evidence sheet.
      const created = await withGitHub.app.request("/api/finance/exports", {
        method: "POST",
        headers: someone.headers,
        body: JSON.stringify({ ...Q3, format: "xlsx" }),
      });
      const { url } = await ok<{ url: string }>(created, 201);
      const book = new ExcelJS.Workbook();
      const file = await withGitHub.app.request(url, { headers: someone.headers });
      await book.xlsx.load((await file.arrayBuffer()) as ArrayBuffer);
      const titles: unknown[] = [];
      book.getWorksheet("Evidence")?.eachRow((row) => titles.push(row.getCell(5).value));
      expect(titles).toEqual(["Title", "FIN-42: accrual engine"]);
      // Without GitHub the same report carries no evidence (null: not looked up).
      expect((await buildCapReport(withGitHub.deps.db, Q3)).epics[0]?.evidence).toBeNull();
    } finally {
      await withGitHub.close();
      await github.close();
    }
  });
});

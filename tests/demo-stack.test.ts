import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { FINANCE_DEMO_PEOPLE, FINANCE_DEMO_WORKLOGS, readEvents } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoBacking, planDemo } from "../scripts/lib/demo.ts";
import { type LocalStack, launchLocalStack } from "../scripts/lib/local-stack.ts";
import { freePort } from "../scripts/lib/redis-server.ts";

// `npm start -- --demo` for real: the Api and the Worker as child processes with the testkit Jira,
// GitHub and OpenAI (`--script demo`) servers as theirs, then issue 17's path end to end: sync the
// testkit Jira's finance demo, set a policy, phases, roles and rates through the REST routes, read the quarter's report,
// and ask the chat the same question; the chat's figures must be the report's, with citations.

const root = fileURLToPath(new URL("..", import.meta.url));
let dir: string;
let stack: LocalStack;
let output = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "finchat-demo-"));
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += chunk;
      done();
    },
  });
  const env = { PATH: process.env.PATH, NODE_ENV: "test", LOG_LEVEL: "warn", PORT: String(await freePort()) };
  const plan = planDemo(env, join(dir, "data"));
  stack = launchLocalStack({
    cwd: root,
    dataDir: join(dir, "data"),
    env: plan.env,
    services: [
      { name: "api", entry: join(root, "functions", "api.ts") },
      { name: "worker", entry: join(root, "functions", "worker.ts") },
    ],
    backing: demoBacking(plan, join(root, "packages", "testkit", "src"), { stdout: sink, stderr: sink }),
    output: { stdout: sink, stderr: sink },
    readyTimeoutMs: 60_000,
  });
  await stack.ready.catch((err: Error) => {
    throw new Error(`${err.message}\n${output}`);
  });
}, 90_000);

afterAll(async () => {
  stack?.stop("test over");
  const result = await stack?.done;
  await rm(dir, { recursive: true, force: true });
  if (result && !result.ok)
    throw new Error(`the demo stack did not stop cleanly: ${result.reason}\n${output}`);
}, 60_000);

type Session = { cookie: string; csrf: string };

async function call(path: string, session: Session | undefined, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (session) {
    headers.set("cookie", session.cookie);
    headers.set("x-csrf-token", session.csrf);
  }
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${stack.url}${path}`, { ...init, headers });
}

async function json<T>(path: string, session: Session, init: RequestInit = {}, status = 200): Promise<T> {
  const res = await call(path, session, init);
  const body = await res.text();
  expect(res.status, `${init.method ?? "GET"} ${path}: ${body}`).toBe(status);
  return JSON.parse(body) as T;
}

async function signUpAdmin(): Promise<Session> {
  const credentials = { email: "finance@example.com", password: "correct horse battery" };
  const signup = await call("/api/auth/signup", undefined, {
    method: "POST",
    body: JSON.stringify({ ...credentials, name: "Finance Lead" }),
  });
  expect(signup.status).toBe(202);
  const login = await call("/api/auth/login", undefined, {
    method: "POST",
    body: JSON.stringify(credentials),
  });
  expect(login.status).toBe(200);
  const cookie = /finchat_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error("no session cookie");
  const me = (await (await call("/api/me", undefined, { headers: { cookie } })).json()) as {
    csrfToken: string;
    user: { role: string };
  };
  expect(me.user.role).toBe("admin");
  return { cookie, csrf: me.csrfToken };
}

type Money = { hours: string; cost: string };
interface Report {
  currency: string;
  totals: {
    capitalisable: Money;
    expensed: Money;
    unclassified: Money;
    total: Money;
    unrated: { hours: string; worklogs: number };
    worklogs: number;
  };
  epics: { epicKey: string | null; capitalisable: Money; expensed: Money }[];
  exceptions: { unclassified: Line[]; unrated: Line[] };
}
interface Line {
  accountId: string;
  workDate: string;
  phase: string | null;
  rate: { hourlyRate: string } | null;
}

describe("npm start -- --demo", () => {
  it("reports a quarter in the chat with the same figures as the Finance routes, with citations", async () => {
    expect(output).toMatch(
      /testkit jira at http:\/\/127\.0\.0\.1:\d+ \(sets JIRA_HOST, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PROJECTS\)/,
    );
    expect(output).toContain("testkit openai at");
    const session = await signUpAdmin();

    await json("/api/finance/sync", session, { method: "POST" }, 202);
    await expect
      .poll(
        async () =>
          (await json<{ syncedAt: string | null; worklogs: number }>("/api/finance/sync", session)).syncedAt,
        {
          timeout: 15_000,
          interval: 200,
        },
      )
      .not.toBeNull();
    const synced = await json<{ worklogs: number }>("/api/finance/sync", session);
    expect(synced.worklogs).toBeGreaterThan(FINANCE_DEMO_WORKLOGS);

    // The README's walk-through for 2024-Q3 (the testkit's finance demo): FIN's policy puts epics
    // FIN-100, FIN-110 and FIN-120 and the label `capex` in scope (FIN-130, maintenance, is
    // expensed; FIN-142, a `capex` story with no epic, is unclassified); FIN-110 moves from
    // preliminary to development on 2024-08-15, FIN-120 into post-implementation on 2024-09-01;
    // the engineers' role rate rises on 2024-08-01; Hana Contractor has no rate.
    const { items: epics } = await json<{ items: { epicKey: string }[] }>(
      "/api/finance/epics?project=FIN",
      session,
    );
    expect(epics.map((e) => e.epicKey)).toEqual(
      expect.arrayContaining(["FIN-100", "FIN-110", "FIN-120", "FIN-130"]),
    );
    const rules = {
      epics: ["FIN-100", "FIN-110", "FIN-120"],
      issueTypes: [],
      labels: ["capex"],
      components: [],
      include: [],
      exclude: [],
    };
    await json("/api/finance/policies/FIN", session, {
      method: "PUT",
      body: JSON.stringify({ currency: "USD", rules }),
    });
    const phases = (epic: string, body: Record<string, string | null>) =>
      json(`/api/finance/epics/${epic}/phases`, session, { method: "PUT", body: JSON.stringify(body) });
    await phases("FIN-100", { developmentFrom: "2024-05-01", postImplementationFrom: "2024-11-01" });
    await phases("FIN-110", { developmentFrom: "2024-08-15", postImplementationFrom: null });
    await phases("FIN-120", { developmentFrom: "2024-04-01", postImplementationFrom: "2024-09-01" });
    const { items: people } = await json<{ items: { accountId: string; name: string }[] }>(
      "/api/finance/people",
      session,
    );
    expect(people.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Hana Contractor", "Frank Settlement"]),
    );
    const P = FINANCE_DEMO_PEOPLE;
    for (const who of [P.bob, P.frank, P.grace]) {
      await json(`/api/finance/people/${who.accountId}`, session, {
        method: "PUT",
        body: JSON.stringify({ role: "engineer" }),
      });
    }
    const rate = (subject: Record<string, string>, hourlyRate: string, effectiveFrom: string) =>
      json(
        "/api/finance/rates",
        session,
        { method: "POST", body: JSON.stringify({ ...subject, hourlyRate, currency: "USD", effectiveFrom }) },
        201,
      );
    await rate({ subjectKind: "role", subject: "engineer" }, "95.00", "2024-01-01");
    await rate({ subjectKind: "role", subject: "engineer" }, "99.50", "2024-08-01");
    await rate({ subjectKind: "person", subject: P.alice.accountId }, "125.00", "2024-01-01");
    await rate({ subjectKind: "person", subject: P.carol.accountId }, "110.00", "2024-01-01");

    const rest = await json<Report>("/api/finance/report?period=2024-Q3&projects=FIN", session);
    expect(rest.currency).toBe("USD");
    // The figures the README's walk-through promises.
    expect(rest.totals).toEqual({
      capitalisable: { hours: "717.25", cost: "69905.88" },
      expensed: { hours: "440.50", cost: "44640.25" },
      unclassified: { hours: "13.75", cost: "1324.25" },
      total: { hours: "1171.50", cost: "115870.38" },
      unrated: { hours: "76.75", worklogs: 24 },
      worklogs: 360,
    });
    expect(rest.totals.worklogs).toBeGreaterThan(300);
    expect(rest.totals.capitalisable.cost).not.toBe("0.00");
    expect(rest.totals.expensed.cost).not.toBe("0.00");
    expect(rest.totals.unclassified.cost).not.toBe("0.00");
    expect(rest.exceptions.unclassified.length).toBeGreaterThan(0);
    expect(rest.exceptions.unrated.length).toBeGreaterThan(0);
    expect(new Set(rest.exceptions.unrated.map((l) => l.accountId))).toEqual(new Set([P.hana.accountId]));
    // A lower-case quarter is the same report.
    const lower = await json<Report>("/api/finance/report?period=2024-q3&projects=FIN", session);
    expect(lower.totals).toEqual(rest.totals);

    // FIN-110 changes phase mid-quarter: expensed before 08-15, capitalisable from then on.
    const fin110 = rest.epics.find((e) => e.epicKey === "FIN-110");
    expect(fin110?.capitalisable.cost).not.toBe("0.00");
    expect(fin110?.expensed.cost).not.toBe("0.00");
    const { items: lines } = await json<{ items: Line[] }>(
      "/api/finance/report/lines?period=2024-Q3&projects=FIN&epic=FIN-110",
      session,
    );
    for (const line of lines) {
      expect(line.phase).toBe(line.workDate < "2024-08-15" ? "preliminary" : "development");
    }
    // The quarter is cut by the logger's day: Carol's 07-01 at +10:00 is in (06-30 in UTC), her
    // 10-01 is not; the engineers' rate changes on 08-01.
    expect(lines.some((l) => l.accountId === P.carol.accountId && l.workDate === "2024-07-01")).toBe(true);
    const grace = lines.filter((l) => l.accountId === P.grace.accountId);
    expect(new Set(grace.map((l) => l.rate?.hourlyRate))).toEqual(new Set(["95.00", "99.50"]));

    const { id } = await json<{ id: string }>(
      "/api/conversations",
      session,
      { method: "POST", body: "{}" },
      201,
    );
    const posted = await call(`/api/conversations/${id}/messages`, session, {
      method: "POST",
      body: JSON.stringify({ content: "How much can we capitalise for FIN in Q3 2024, and why?" }),
      headers: { accept: "text/event-stream" },
    });
    const events = await readEvents(posted, (e) => e.event === "run.completed" || e.event === "run.failed");
    expect(events.at(-1)?.event, JSON.stringify(events.at(-1))).toBe("run.completed");
    const started = events.find((e) => e.event === "tool.started")?.data as { name: string; args: unknown };
    expect(started).toMatchObject({
      name: "capitalisation_report",
      args: { period: "2024-Q3", projects: ["FIN"] },
    });
    const done = events.find((e) => e.event === "message.completed")?.data as {
      content: string;
      citations: { kind: string; label: string; url?: string }[];
    };

    // The tool's figures are the REST report's, exactly.
    const conversation = await json<{ messages: { role: string; content: string }[] }>(
      `/api/conversations/${id}`,
      session,
    );
    const toolMessage = conversation.messages.find((m) => m.role === "tool");
    const toolReport = JSON.parse(toolMessage?.content ?? "null") as Report & { epics: unknown[][] };
    expect(toolReport.totals).toEqual(rest.totals);

    // The answer quotes them as given.
    const t = rest.totals;
    const cur = rest.currency;
    expect(done.content).toContain(
      `Capitalisable: ${t.capitalisable.cost} ${cur} (${t.capitalisable.hours} h)`,
    );
    expect(done.content).toContain(`Expensed: ${t.expensed.cost} ${cur} (${t.expensed.hours} h)`);
    expect(done.content).toContain(`Unclassified: ${t.unclassified.cost} ${cur} (${t.unclassified.hours} h)`);
    expect(done.content).toContain(
      `Total: ${t.total.cost} ${cur} (${t.total.hours} h) over ${t.worklogs} worklogs`,
    );
    expect(done.content).toContain(
      `${rest.exceptions.unclassified.length} unclassified worklogs, ${rest.exceptions.unrated.length} worklogs by people with no rate (${t.unrated.hours} h`,
    );
    expect(done.content).toContain(
      `- FIN-110 Multi-entity consolidation: ${fin110?.capitalisable.cost} ${cur} capitalisable (${fin110?.capitalisable.hours} h), ${fin110?.expensed.cost} ${cur} expensed (${fin110?.expensed.hours} h); development from 2024-08-15`,
    );

    await expect
      .poll(async () => (await json<{ title: string }>(`/api/conversations/${id}`, session)).title, {
        timeout: 10_000,
      })
      .toBe("R&D capitalisation FIN 2024-Q3");

    // With the tool's citations: the epic, and worklogs linked in Jira.
    const jiraHost = new URL(done.citations.find((c) => c.label === "FIN-110")?.url ?? "http://missing")
      .origin;
    expect(done.citations).toContainEqual({
      kind: "jira",
      label: "FIN-110",
      url: `${jiraHost}/browse/FIN-110`,
    });
    const worklogCitations = done.citations.filter((c) => /^FIN-\d+ worklog \d+$/.test(c.label));
    expect(worklogCitations.length).toBeGreaterThan(0);
    expect(worklogCitations[0]?.url).toMatch(
      new RegExp(`^${jiraHost}/browse/FIN-\\d+\\?focusedWorklogId=\\d+$`),
    );
  }, 30_000);
});

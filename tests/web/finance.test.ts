import { worklogSyncQueue } from "@finchat/core/capitalisation/jobs";
import type { CapLine, CapReport } from "@finchat/core/capitalisation/types";
import { ProjectAllowList } from "@finchat/core/jira/allow-list";
import { createJiraClient } from "@finchat/core/jira/index";
import { consume } from "@finchat/jobs";
import { type JiraServer, startJiraServer } from "@finchat/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { worklogSyncHandler } from "../../functions/jobs/worklog-sync.ts";
import { launchChromium, openPage, saveFailure, shot, signUpInBrowser, startWebStack } from "./support.ts";

// The Finance page against the real Api, a worklog-sync consumer and the testkit Jira: sync, set a
// policy, phases and rates in the page, and read the quarter's report the page shows against the Api's.

const ALICE = "5f0000000000000000000001";
const BOB = "5f0000000000000000000002";
const CAROL = "5f0000000000000000000003";

let jira: JiraServer;
let stack: Awaited<ReturnType<typeof startWebStack>>;
let stopSync: () => Promise<void>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  jira = await startJiraServer();
  // Q3 2026 on FIN: FIN-22 is in epic FIN-21, FIN-27 is in no epic.
  jira.worklogs.add("FIN-22", {
    authorId: ALICE,
    started: "2026-07-10T09:00:00.000+02:00",
    timeSpentSeconds: 7200,
  });
  jira.worklogs.add("FIN-22", {
    authorId: BOB,
    started: "2026-08-20T09:00:00.000+02:00",
    timeSpentSeconds: 5400,
  });
  jira.worklogs.add("FIN-27", {
    authorId: ALICE,
    started: "2026-07-12T09:00:00.000+02:00",
    timeSpentSeconds: 3600,
  });
  jira.worklogs.add("FIN-23", {
    authorId: CAROL,
    started: "2026-07-15T09:00:00.000+02:00",
    timeSpentSeconds: 3600,
  });
  [stack, browser] = await Promise.all([
    startWebStack({
      JIRA_HOST: jira.url,
      JIRA_EMAIL: jira.email,
      JIRA_API_TOKEN: jira.apiToken,
      JIRA_PROJECTS: "FIN",
    }),
    launchChromium(),
  ]);
  stopSync = await startSyncConsumer(stack);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openPage(context, "/"));
  await signUpInBrowser(page, "Fiona Finance");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopSync?.();
  await stack?.close();
  await jira?.close();
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await saveFailure(page, task.name);
});

/** The Worker's worklog-sync consumer (without its schedule, so only "Sync now" starts a sync). */
async function startSyncConsumer(web: typeof stack): Promise<() => Promise<void>> {
  const { config, db, logger } = web.api.deps;
  const jiraClient = createJiraClient({ config: config.jira, logger });
  const handler = worklogSyncHandler({
    db,
    logger,
    jira: jiraClient,
    allow: new ProjectAllowList(config.jira.projects),
  });
  const consumer = consume(worklogSyncQueue, handler, {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: 1,
    visibilityTimeoutMs: 30_000,
    logger,
  });
  await consumer.ready();
  return () => consumer.close(2000);
}

const tab = (name: string) => page.getByRole("tabpanel", { name });

describe("the Finance page", () => {
  it("syncs Jira, takes a policy, phases and rates, and shows the quarter's report as the Api computes it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Finance" }).click();
    await page.getByRole("heading", { name: "Finance", level: 1 }).waitFor();
    await page.getByText("Worklogs never synced").waitFor();
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.getByText(/Worklogs synced .* \(\d+ worklogs/).waitFor({ timeout: 20_000 });

    // Policy: FIN's epic FIN-21 is in scope, in euros.
    await page.getByRole("tab", { name: "Policy and phases" }).click();
    const policy = tab("Policy and phases");
    // A project Finchat may not read is refused, and what was typed stays.
    await policy.getByLabel("Project key").fill("OPS");
    await policy.getByLabel("Currency").fill("EUR");
    await policy.getByRole("textbox", { name: "Epics in scope" }).fill("fin-21");
    await policy.getByRole("button", { name: "Save policy for OPS" }).click();
    await policy.getByRole("alert").waitFor();
    expect(await policy.getByRole("listitem").filter({ hasText: "FIN-21" }).count()).toBe(1);
    expect((await (await page.request.get("/api/finance/policies")).json()).items).toEqual([]);
    await policy.getByLabel("Project key").fill("FIN");
    await policy.getByRole("button", { name: "Save policy for FIN" }).click();
    await policy.getByRole("listitem").filter({ hasText: "FIN-21" }).waitFor();
    await policy.getByText("Saved the policy for FIN.").waitFor();

    // Phases: development from July 1st; a post-implementation start before it is refused in place.
    const development = policy.getByLabel(/^Development from, FIN-21/);
    const post = policy.getByLabel(/^Post-implementation from, FIN-21/);
    await development.fill("2026-07-01");
    await post.fill("2026-06-30");
    await policy.getByText("Post-implementation must start after development starts.").waitFor();
    expect(await policy.getByRole("button", { name: "Save FIN-21" }).isDisabled()).toBe(true);
    await post.fill("2026-08-15");
    await policy.getByRole("button", { name: "Save FIN-21" }).click();
    await expect.poll(() => policy.getByRole("button", { name: "Save FIN-21" }).isDisabled()).toBe(true);
    expect(await development.inputValue()).toBe("2026-07-01");

    // Rates: Alice's own; Bob through his role. A rate in another currency is refused, the form kept.
    await page.getByRole("tab", { name: "Rates and roles" }).click();
    const rates = tab("Rates and roles");
    const form = rates.getByRole("form", { name: "Add a rate" });
    await form.getByRole("combobox", { name: "Person", exact: true }).selectOption(ALICE);
    await form.getByLabel("Hourly rate").fill("100.00");
    await form.getByLabel("Currency").fill("USD");
    await form.getByLabel("Effective from").fill("2026-01-01");
    await form.getByRole("button", { name: "Add rate" }).click();
    await rates.getByRole("alert").first().waitFor();
    expect(await form.getByLabel("Hourly rate").inputValue()).toBe("100.00");
    await form.getByLabel("Currency").fill("EUR");
    await form.getByRole("button", { name: "Add rate" }).click();
    await rates.getByRole("cell", { name: "100.00 EUR", exact: true }).waitFor();

    await form.getByRole("combobox", { name: "Rate for" }).selectOption("role");
    await form.getByLabel("Role").fill("engineer");
    await form.getByLabel("Hourly rate").fill("80");
    await form.getByLabel("Effective from").fill("2026-01-01");
    await form.getByRole("button", { name: "Add rate" }).click();
    await rates.getByRole("cell", { name: "role engineer", exact: true }).waitFor();
    await rates.getByLabel("Role of Bob Payables").fill("engineer");
    await rates.getByRole("button", { name: "Save role of Bob Payables" }).click();
    await expect
      .poll(() => rates.getByRole("button", { name: "Save role of Bob Payables" }).isDisabled())
      .toBe(true);

    // The quarter.
    await page.getByRole("tab", { name: "Report" }).click();
    const report = tab("Report");
    await report.getByRole("combobox", { name: "Period", exact: true }).selectOption("quarter");
    await report.getByRole("combobox", { name: "Year", exact: true }).selectOption("2026");
    await report.getByRole("combobox", { name: "Quarter", exact: true }).selectOption("3");
    await report.getByRole("heading", { name: /Totals, 2026-07-01 – 2026-09-30/ }).waitFor();

    const api = (await (
      await page.request.get("/api/finance/report?from=2026-07-01&to=2026-09-30")
    ).json()) as CapReport;
    expect(api.totals.worklogs).toBe(4);
    const shown = async (total: string, part: "cost" | "hours") =>
      report.locator(`[data-total="${total}"] .total-${part}`).getAttribute("data-value");
    for (const total of ["capitalisable", "expensed", "unclassified", "total"] as const) {
      expect(await shown(total, "cost")).toBe(api.totals[total].cost);
      expect(await shown(total, "hours")).toBe(api.totals[total].hours);
    }
    expect(await shown("unrated", "hours")).toBe(api.totals.unrated.hours);
    // Alice 2 h in development at 100: capitalisable; Bob 1.5 h post-implementation at 80: expensed;
    // Alice 1 h outside any epic: expensed; Carol's 1 h in development has no rate: its hours count,
    // its cost is listed as unrated.
    expect(api.totals.capitalisable).toEqual({ hours: "3.00", cost: "200.00" });
    expect(api.totals.expensed).toEqual({ hours: "2.50", cost: "220.00" });
    expect(api.totals.unrated).toEqual({ hours: "1.00", worklogs: 1 });
    expect(await report.locator('[data-count="unrated"]').textContent()).toBe("1");
    const chart = report.getByRole("img", { name: "Cost per epic, capitalisable and expensed" });
    expect(await chart.locator("g").count()).toBe(2);

    // Drill-down from the epic to its worklog lines: reason, phase and rate on each.
    await report.getByRole("button", { name: "Worklogs of FIN-21" }).click();
    const drill = report.getByRole("region", { name: "Worklogs of FIN-21" });
    await drill.getByRole("caption").waitFor();
    const lines = (
      (await (
        await page.request.get("/api/finance/report/lines?from=2026-07-01&to=2026-09-30&epic=FIN-21")
      ).json()) as { items: CapLine[] }
    ).items;
    expect(lines.length).toBe(3);
    const rows = drill.locator("tbody tr");
    expect(await rows.count()).toBe(lines.length);
    const alice = drill.locator("tr", { hasText: "2026-07-10" });
    expect(await alice.textContent()).toContain("development");
    expect(await alice.textContent()).toContain("100.00 EUR/h (person, from 2026-01-01)");
    const bob = drill.locator("tr", { hasText: "2026-08-20" });
    expect(await bob.textContent()).toContain("post-implementation");
    expect(await bob.textContent()).toContain("role engineer");
    for (const line of lines)
      expect(await drill.locator(`[data-worklog="${line.worklogId}"]`).textContent()).toContain(line.reason);
    // Only the capitalisable lines: Alice's, and Carol's (unrated).
    await drill.getByRole("combobox", { name: "Treatment" }).selectOption("capitalisable");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await drill.locator("tbody tr", { hasText: "2026-08-20" }).count()).toBe(0);

    // Exports: built on the server, then downloaded.
    const download = page.waitForEvent("download");
    await report.getByRole("button", { name: "Export CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.screenshot(shot("finance"));
    // At phone width the tables scroll inside their boxes; the page itself does not.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () =>
      page.evaluate<number>(
        "Math.max(document.documentElement.scrollWidth - 390, document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth)",
      );
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The audit lists who changed what.
    await page.getByRole("tab", { name: "Changes" }).click();
    await tab("Changes")
      .getByRole("cell", { name: /FIN-21/ })
      .first()
      .waitFor();
    expect(problems).toEqual([]);
  });

  it("is not offered to members", async () => {
    const other = await browser.newContext({ baseURL: stack.url });
    try {
      const { page: member } = await openPage(other, "/");
      await signUpInBrowser(member, "Max Member");
      expect(
        await member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Finance" }).count(),
      ).toBe(0);
      await member.goto("/finance");
      await member.getByRole("heading", { name: "Not found" }).waitFor();
      expect((await member.request.get("/api/finance/report")).status()).toBe(403);
    } finally {
      await other.close();
    }
  });
});

import { defineTool } from "@finchat/core/agent";
import { type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ask,
  diagramFlaws,
  launchChromium,
  openPage,
  saveFailure,
  shot,
  signUpInBrowser,
  startWebStack,
  text,
} from "./support.ts";

// Browser tests of the chat against the real Api, Worker and the testkit's OpenAI server. The docs
// screens are in docs.test.ts.

const createdIssues: unknown[] = [];
const readFile = defineTool({
  name: "read_file",
  description: "Reads lines of a file in a GitHub repository",
  kind: "read",
  input: z.object({ repo: z.string(), path: z.string(), startLine: z.number(), endLine: z.number() }),
  run: async ({ repo, path, startLine, endLine }) => ({
    content: "export function post(entry) { return validate(entry) ?? write(entry); }",
    summary: `Read lines ${startLine}–${endLine} of ${path}`,
    citations: [
      {
        kind: "github",
        label: `${repo}/${path}#L${startLine}-L${endLine}`,
        url: `https://github.com/${repo}/blob/main/${path}#L${startLine}-L${endLine}`,
      },
      { kind: "jira", label: "FIN-7", url: "https://acme.atlassian.net/browse/FIN-7" },
    ],
  }),
});
const createIssue = defineTool({
  name: "create_jira_issue",
  description: "Creates a Jira issue",
  kind: "write",
  input: z.object({
    project: z.string(),
    issueType: z.string(),
    summary: z.string(),
    description: z.string(),
  }),
  run: async (args) => {
    createdIssues.push(args);
    return { content: '{"key":"FIN-42"}', summary: `Created FIN-42 in ${args.project}` };
  },
});

const answer = [
  "Posting runs in **two steps**: validate, then write the journal entry.",
  "",
  "| Step | File | Lines |",
  "| --- | --- | --- |",
  "| Validate | `src/post.ts` | 10–40 |",
  "| Write | `src/journal.ts` | 5–22 |",
  "",
  "```ts",
  "export function post(entry: Entry): Result {",
  "  return validate(entry) ?? write(entry);",
  "}",
  "```",
  "",
  "```mermaid",
  "flowchart LR",
  "  A[Entry] --> B{Valid?}",
  "  B -- yes --> C[Journal]",
  "  B -- no --> D[Rejected]",
  "```",
].join("\n");

let model: OpenAIServer;
let stack: Awaited<ReturnType<typeof startWebStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  model = await startOpenAIServer();
  [stack, browser] = await Promise.all([
    startWebStack({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" }, [readFile, createIssue]),
    launchChromium(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 820 } });
  ({ page, problems } = await openPage(context, "/"));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await model?.close();
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await saveFailure(page, task.name);
});

describe("the chat in a browser", () => {
  it("signs up, streams an answer with a tool card, citations, a table, code and a diagram", async () => {
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.screenshot(shot("login"));
    await signUpInBrowser(page);

    model.enqueue(
      {
        toolCalls: [
          {
            name: "read_file",
            arguments: { repo: "acme/ledger", path: "src/post.ts", startLine: 10, endLine: 40 },
          },
        ],
      },
      { text: answer, chunkSize: 6, delayBetweenChunksMs: 15 },
      { text: "Ledger posting flow" },
    );
    await ask(page, "How does posting work in acme/ledger?");

    const card = page.locator(".tool-card", { hasText: "read_file" });
    await card.waitFor();
    // The answer arrives in pieces: seen while still being written, shorter than it will be.
    const streaming = page.locator('.message.assistant[aria-busy="true"]');
    await streaming.waitFor();
    const partial = (await text(streaming)).length;
    await page.locator(".message.assistant .citations").waitFor();
    await expect.poll(() => streaming.count()).toBe(0);
    const done = page.locator(".message.assistant").last();
    expect((await text(done)).length).toBeGreaterThan(partial);

    await expect.poll(() => text(card.locator(".tool-status"))).toBe("done");
    await card.locator("summary").click();
    await card.getByText("Read lines 10–40 of src/post.ts").waitFor({ state: "visible" });
    expect(await done.locator("table td").allInnerTexts()).toContain("Validate");
    await done.locator(".hljs-keyword").first().waitFor();
    const diagram = done.locator('.diagram[aria-busy="false"] .diagram-svg > svg');
    await diagram.waitFor();
    expect(await diagram.innerHTML()).toContain("Journal");
    expect(await diagramFlaws(diagram)).toEqual({ labels: 6, flaws: [] });
    const links = await done
      .locator(".citations a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual([
      "https://github.com/acme/ledger/blob/main/src/post.ts#L10-L40",
      "https://acme.atlassian.net/browse/FIN-7",
    ]);
    await page.getByRole("link", { name: "Ledger posting flow" }).waitFor();
    await card.locator("summary").click();
    await page.setViewportSize({ width: 1280, height: 1240 });
    await page.screenshot(shot("chat"));
    await page.setViewportSize({ width: 1280, height: 820 });
    expect(problems).toEqual([]);
  });

  it("shows a proposed write as an approval card and carries it out once approved", async () => {
    await page.getByRole("link", { name: "New chat" }).click();
    const args = {
      project: "FIN",
      issueType: "Task",
      summary: "Close the Q3 books",
      description: "Reconcile the ledger with the bank statements before 5 October.",
    };
    model.enqueue(
      { toolCalls: [{ name: "create_jira_issue", arguments: args }] },
      { text: "Created **FIN-42**: Close the Q3 books." },
      { text: "Q3 close issue" },
    );
    await ask(page, "Open a Jira task to close the Q3 books");

    const approval = page.getByRole("region", { name: "Approve this action?" });
    await approval.waitFor();
    for (const value of Object.values(args)) expect(await text(approval)).toContain(value);
    expect(createdIssues).toHaveLength(0);
    await page.screenshot(shot("approval"));

    // Another tab (no session storage of this run) finds the paused run on the conversation.
    const other = await context.newPage();
    try {
      await other.goto(page.url());
      const elsewhere = other.getByRole("region", { name: "Approve this action?" });
      await elsewhere.waitFor();
      expect(await text(elsewhere)).toContain(args.summary);
    } finally {
      await other.close();
    }

    await approval.getByRole("button", { name: "Approve" }).click();
    await page.locator(".message.assistant", { hasText: "Created FIN-42" }).waitFor();
    await expect
      .poll(() => text(page.locator(".tool-card", { hasText: "create_jira_issue" }).locator(".tool-status")))
      .toBe("done");
    expect(createdIssues).toEqual([args]);
  });

  it("resumes a streaming answer after a reload and a lost network, with no gap and no duplicate", async () => {
    await page.getByRole("link", { name: "New chat" }).click();
    const words = Array.from({ length: 150 }, (_, i) => `w${String(i + 1).padStart(3, "0")}`).join(" ");
    model.enqueue({ text: words, chunkSize: 5, delayBetweenChunksMs: 25 }, { text: "Counting" });
    const resumedFrom: (string | undefined)[] = [];
    page.on("request", async (request) => {
      if (request.url().includes("/events")) resumedFrom.push((await request.allHeaders())["last-event-id"]);
    });
    await ask(page, "Count to 150");

    const live = page.locator('.message.assistant[aria-busy="true"]');
    await live.filter({ hasText: "w020" }).waitFor();
    await page.reload();
    await live.filter({ hasText: "w060" }).waitFor();
    expect(words.startsWith((await text(live)).trim())).toBe(true);

    await context.setOffline(true);
    await page.waitForTimeout(700);
    await context.setOffline(false);
    await live.filter({ hasText: "w120" }).waitFor();
    expect(words.startsWith((await text(live)).trim())).toBe(true);

    await page.locator(".message.assistant", { hasText: "w150" }).waitFor();
    await expect.poll(() => live.count()).toBe(0);
    expect((await text(page.locator(".message.assistant").last())).trim().startsWith(words)).toBe(true);
    expect(resumedFrom.slice(1).every((id) => id !== undefined)).toBe(true);
    expect(resumedFrom.length).toBeGreaterThan(1);
  });
});

describe("stop and retry", () => {
  it("stops an answer part-way, then asks the same question again", async () => {
    await page.getByRole("link", { name: "New chat" }).click();
    model.enqueue({ text: "lorem ".repeat(300), chunkSize: 3, delayBetweenChunksMs: 20 });
    await ask(page, "Talk for a while");
    await page.locator('.message.assistant[aria-busy="true"]').waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByText("Stopped", { exact: true }).waitFor();
    expect(await page.locator(".error-notice").count()).toBe(0);

    model.enqueue({ text: "A shorter answer." }, { text: "Talking" });
    await page.getByRole("button", { name: "Retry the last question" }).click();
    await page.locator(".message.assistant", { hasText: "A shorter answer." }).waitFor();
    // Retry answers the stored question again (a second version); it does not post it again.
    await page.getByRole("group", { name: "Answer versions" }).getByText("2 / 2").waitFor();
    expect(await page.locator(".message.user", { hasText: "Talk for a while" }).count()).toBe(1);
    await page.getByRole("button", { name: "Send" }).waitFor();
  });
});

describe("errors in plain words", () => {
  it("says no model is configured, and what to do", async () => {
    const bare = await startWebStack();
    const bareContext = await browser.newContext({ baseURL: bare.url });
    try {
      const { page: barePage } = await openPage(bareContext, "/");
      await signUpInBrowser(barePage);
      await ask(barePage, "Is anyone there?");
      const alert = barePage.locator('.error-notice[data-code="llm_not_configured"]');
      await alert.waitFor();
      expect(await text(alert)).toContain("No language model is configured");
      expect(await text(alert)).toContain("OPENAI_API_KEY");
      await barePage.getByRole("button", { name: "Retry the last question" }).waitFor();
    } finally {
      await bareContext.close();
      await bare.close();
    }
  });
});

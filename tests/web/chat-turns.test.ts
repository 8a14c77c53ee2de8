import { defineTool } from "@finchat/core/agent";
import { type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ask,
  launchChromium,
  openPage,
  saveFailure,
  sessionHeaders,
  shot,
  signUpInBrowser,
  startWebStack,
  text,
} from "./support.ts";

// Browser tests of a turn's life beyond the happy path: signing out mid-draft, stopping, failing,
// regenerating and editing, approvals that end otherwise. The real Api, Worker and testkit model.

const created: unknown[] = [];
const createIssue = defineTool({
  name: "create_jira_issue",
  description: "Creates a Jira issue",
  kind: "write",
  input: z.object({ project: z.string(), summary: z.string() }),
  run: async (args) => {
    created.push(args);
    return { content: '{"key":"FIN-43"}', summary: `Created FIN-43 in ${args.project}` };
  },
});

let model: OpenAIServer;
let stack: Awaited<ReturnType<typeof startWebStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let email: string;

beforeAll(async () => {
  model = await startOpenAIServer();
  [stack, browser] = await Promise.all([
    startWebStack({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" }, [createIssue]),
    launchChromium(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 820 } });
  ({ page } = await openPage(context, "/"));
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  ({ email } = await signUpInBrowser(page, "Sam Signout"));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await model?.close();
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await saveFailure(page, task.name);
});

const composer = () => page.getByRole("textbox", { name: "Message" });

async function signIn() {
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await composer().waitFor();
}

describe("signing out", () => {
  it("shows the sign-in page at once, and the typed text is back after signing in", async () => {
    await composer().fill("Half a question about the ledger");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5000 });
    expect(await page.getByText("Sam Signout").count()).toBe(0);
    await signIn();
    expect(await composer().inputValue()).toBe("Half a question about the ledger");
  });

  it("a send after the session ended elsewhere asks to sign in and keeps the question", async () => {
    await page.request.post("/api/auth/logout", { headers: await sessionHeaders(page) });
    await ask(page, "What did the Q3 close cost?");
    await signIn();
    expect(await composer().inputValue()).toBe("What did the Q3 close cost?");
  });
});

const newChat = () => page.getByRole("link", { name: "New chat" }).click();
const answers = () => page.locator(".message.assistant");
const idle = () => page.getByRole("button", { name: "Send" }).waitFor();

describe("regenerate and edit", () => {
  it("regenerates an answer as a second version, switchable, with one question", async () => {
    await newChat();
    model.enqueue({ text: "Accruals book revenue when earned." }, { text: "Accrual accounting" });
    await ask(page, "What is accrual accounting?");
    await answers().filter({ hasText: "when earned" }).waitFor();
    await idle();

    model.enqueue({ text: "Revenue counts when it is earned, not when cash arrives." });
    await page.getByRole("button", { name: "Regenerate" }).click();
    await answers().filter({ hasText: "not when cash arrives" }).waitFor();
    const versions = page.getByRole("group", { name: "Answer versions" });
    await versions.getByText("2 / 2").waitFor();
    expect(await page.locator(".message.user").count()).toBe(1);
    await idle();
    await page.screenshot(shot("regenerate"));

    await versions.getByRole("button", { name: "Previous answer" }).click();
    await answers().filter({ hasText: "Accruals book revenue when earned." }).waitFor();
    expect(await answers().filter({ hasText: "not when cash arrives" }).count()).toBe(0);
    await page.reload();
    await page.getByRole("group", { name: "Answer versions" }).getByText("2 / 2").waitFor();
  });

  it("another tab follows a regenerated answer while it streams", async () => {
    await newChat();
    model.enqueue({ text: "Short first answer." }, { text: "Two tabs" });
    await ask(page, "Tell me about the two tabs");
    await answers().filter({ hasText: "Short first answer." }).waitFor();
    await idle();
    const words = Array.from({ length: 80 }, (_, i) => `v${i + 1}`).join(" ");
    model.enqueue({ text: words, chunkSize: 4, delayBetweenChunksMs: 25 });
    await page.getByRole("button", { name: "Regenerate" }).click();
    await page.locator('.message.assistant[aria-busy="true"]').filter({ hasText: "v5" }).waitFor();
    const other = await context.newPage();
    try {
      await other.goto(page.url());
      await other.locator('.message.assistant[aria-busy="true"]').filter({ hasText: "v40" }).waitFor();
      await other.locator(".message.assistant", { hasText: "v80" }).waitFor();
    } finally {
      await other.close();
    }
    await idle();
  });

  it("edits a question and sends it again as a branch; the old branch stays one click away", async () => {
    await newChat();
    model.enqueue({ text: "Q3 revenue was 1.2M." }, { text: "Quarterly revenue" });
    await ask(page, "What was Q3 revenue?");
    await answers().filter({ hasText: "1.2M" }).waitFor();
    await idle();
    model.enqueue({ text: "Q3 costs were 0.8M." });
    await ask(page, "And costs?");
    await answers().filter({ hasText: "0.8M" }).waitFor();
    await idle();

    model.enqueue({ text: "Q3 margin was 33%." });
    await page
      .locator(".message.user", { hasText: "And costs?" })
      .getByRole("button", { name: "Edit question" })
      .click();
    await page.getByLabel("Edited question").fill("And the margin?");
    await page.getByRole("button", { name: "Send edited question" }).click();
    await answers().filter({ hasText: "33%" }).waitFor();
    await idle();
    expect(await answers().filter({ hasText: "0.8M" }).count()).toBe(0);
    const prompt = model.requests.filter((r) => r.body.stream).at(-1)?.body.messages ?? [];
    expect(prompt.map((m) => m.content).filter((c) => typeof c === "string" && c.includes("costs"))).toEqual(
      [],
    );
    const versions = page.getByRole("group", { name: "Question versions" });
    await versions.getByText("2 / 2").waitFor();
    await page.screenshot(shot("edit"));

    await versions.getByRole("button", { name: "Previous question" }).click();
    await answers().filter({ hasText: "0.8M" }).waitFor();
    expect(await page.locator(".message.user", { hasText: "And the margin?" }).count()).toBe(0);
  });
});

describe("turns that end early, after a reload", () => {
  it("a stopped answer keeps its text and a Stopped marker after a reload, and gets a title", async () => {
    await newChat();
    model.enqueue({ text: "lorem ".repeat(300), chunkSize: 3, delayBetweenChunksMs: 20 });
    await ask(page, "Walk me through the month-end close");
    await page.locator('.message.assistant[aria-busy="true"]').filter({ hasText: "lorem lorem" }).waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await idle();
    await page.reload();
    await page.getByText("Stopped", { exact: true }).waitFor();
    expect(await text(answers().last())).toContain("lorem lorem");
    await page.getByRole("heading", { name: "Walk me through the month-end close" }).waitFor();
  });

  it("a failed turn shows its error again when the conversation is reopened", async () => {
    await newChat();
    model.enqueue({ error: { status: 400, message: "context too long" } });
    await ask(page, "Summarise every ledger entry since 2019");
    await page.locator('.error-notice[data-code="model_rejected"]').waitFor();
    const address = page.url();
    await newChat();
    await page.goto(address);
    await page.locator('.error-notice[data-code="model_rejected"]').waitFor();
    await page.getByRole("heading", { name: "Summarise every ledger entry since 2019" }).waitFor();
  });
});

describe("approvals that end otherwise", () => {
  const proposal = { project: "FIN", summary: "Reopen the Q2 books" };

  it("stop while an approval waits: the buttons go, Send comes back, the card says cancelled after a reload", async () => {
    await newChat();
    model.enqueue({ toolCalls: [{ name: "create_jira_issue", arguments: proposal }] });
    await ask(page, "Open a task to reopen Q2");
    const approval = page.getByRole("region", { name: "Approve this action?" });
    await approval.waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await idle();
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await page.reload();
    const card = page.locator(".tool-card", { hasText: "create_jira_issue" });
    await expect.poll(() => text(card.locator(".tool-status"))).toBe("cancelled");
    expect(created).toEqual([]);
  });

  it("a rejected write is labelled declined, not failed", async () => {
    await newChat();
    model.enqueue(
      { toolCalls: [{ name: "create_jira_issue", arguments: proposal }] },
      { text: "Understood: no task was created." },
      { text: "Q2 books" },
    );
    await ask(page, "Open a task to reopen Q2, please");
    const approval = page.getByRole("region", { name: "Approve this action?" });
    await approval.getByRole("button", { name: "Reject" }).click();
    await answers().filter({ hasText: "no task was created" }).waitFor();
    const card = page.locator(".tool-card", { hasText: "create_jira_issue" });
    await expect.poll(() => text(card.locator(".tool-status"))).toBe("declined");
    await idle();
    await page.reload();
    await expect.poll(() => text(card.locator(".tool-status"))).toBe("declined");
    await page.screenshot(shot("declined"));
    expect(created).toEqual([]);
  });
});

describe("scrolling", () => {
  it("a question sent while scrolled up brings the new turn into view; a button goes back down", async () => {
    await newChat();
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i + 1} of a long answer.`).join("\n\n");
    model.enqueue({ text: long }, { text: "Long answers" });
    await ask(page, "Give me a long answer");
    await answers().filter({ hasText: "Line 60" }).waitFor();
    await idle();
    const list = page.locator(".messages");
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    const toLatest = page.getByRole("button", { name: "Scroll to the latest" });
    await toLatest.waitFor();
    await toLatest.click();
    await expect.poll(() => toLatest.count()).toBe(0);
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    await toLatest.waitFor();

    model.enqueue({ text: "A short follow-up." });
    await ask(page, "And briefly?");
    const newest = answers().filter({ hasText: "A short follow-up." });
    await newest.waitFor();
    await expect
      .poll(() =>
        newest.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const view = el.closest(".messages")?.getBoundingClientRect();
          return view !== undefined && box.top >= view.top && box.bottom <= view.bottom + 1;
        }),
      )
      .toBe(true);
  });
});

describe("smaller things", () => {
  it("fits a diagram wider than the page, and zooms it", async () => {
    await newChat();
    const nodes = Array.from({ length: 14 }, (_, i) => `N${i}[Ledger step ${i}]`).join(" --> ");
    model.enqueue({ text: `The flow:\n\n\`\`\`mermaid\nflowchart LR\n  ${nodes}\n\`\`\`` }, { text: "Flow" });
    await ask(page, "Draw the whole posting flow");
    const figure = page.locator('.diagram[aria-busy="false"]');
    const svg = figure.locator(".diagram-svg > svg");
    await svg.waitFor();
    const frame = await figure.locator(".diagram-svg").evaluate((el) => el.clientWidth);
    expect(await svg.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(frame);
    await figure.getByRole("button", { name: "Fit to width" }).click();
    await expect
      .poll(() => svg.evaluate((el) => el.getBoundingClientRect().width))
      .toBeLessThanOrEqual(frame + 1);
    const fitted = await svg.evaluate((el) => el.getBoundingClientRect().width);
    await figure.getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(() => svg.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(fitted);
  });

  it("does not carry a sign-in error over to the sign-up form", async () => {
    const other = await browser.newContext({ baseURL: stack.url });
    try {
      const { page: fresh } = await openPage(other, "/");
      await fresh.getByLabel("Email").fill("nobody@example.com");
      await fresh.getByLabel("Password").fill("wrong password here");
      await fresh.getByRole("button", { name: "Sign in" }).click();
      await fresh.locator(".error-notice").waitFor();
      await fresh.getByRole("link", { name: "Create an account" }).click();
      await fresh.getByRole("button", { name: "Sign up" }).waitFor();
      expect(await fresh.locator(".error-notice").count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});

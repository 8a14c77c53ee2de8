import { consume } from "@finchat/jobs";
import { type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  launchChromium,
  openPage,
  saveFailure,
  sessionHeaders,
  shot,
  signUpInBrowser,
  startWebStack,
  text,
} from "./support.ts";

// Browser tests of everything around the chat: the sidebar, tokens, administration, themes and a
// phone-sized screen, against the real Api and Worker.

let model: OpenAIServer;
let stack: Awaited<ReturnType<typeof startWebStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminEmail: string;

beforeAll(async () => {
  model = await startOpenAIServer();
  [stack, browser] = await Promise.all([
    startWebStack({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" }),
    launchChromium(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 820 } });
  ({ page } = await openPage(context, "/"));
  ({ email: adminEmail } = await signUpInBrowser(page, "Ada Admin"));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await model?.close();
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await saveFailure(page, task.name);
});

const sidebarItems = () => page.locator(".conversation-item > a");

async function createConversation(title: string): Promise<string> {
  const res = await page.request.post("/api/conversations", {
    headers: await sessionHeaders(page),
    data: { title },
  });
  return ((await res.json()) as { id: string }).id;
}

/** Asks through the Api with the page's session and waits for the run to finish. */
async function askAndWait(question: string): Promise<string> {
  const headers = await sessionHeaders(page);
  const { id } = (await (await page.request.post("/api/conversations", { headers, data: {} })).json()) as {
    id: string;
  };
  const posted = await page.request.post(`/api/conversations/${id}/messages`, {
    headers,
    data: { content: question },
  });
  const { runId } = (await posted.json()) as { runId: string };
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/runs/${runId}`)).json()) as { status: string }).status,
    )
    .toBe("completed");
  return id;
}

describe("the sidebar", () => {
  it("lists newest first, loads more on scroll, searches, renames and deletes", async () => {
    const forecastId = await createConversation("Quarterly forecast");
    for (let i = 1; i <= 34; i++) await createConversation(`Budget review ${String(i).padStart(2, "0")}`);
    await page.reload();
    await expect.poll(() => sidebarItems().count()).toBe(30);
    expect(await text(sidebarItems().first())).toBe("Budget review 34");

    await page.locator(".conversation-list").evaluate((list) => list.scrollTo(0, list.scrollHeight));
    await expect.poll(() => sidebarItems().count()).toBe(35);
    expect(await text(sidebarItems().last())).toBe("Quarterly forecast");

    await page.getByRole("searchbox", { name: "Search conversations" }).fill("forecast");
    await expect.poll(() => sidebarItems().allInnerTexts()).toEqual(["Quarterly forecast"]);

    await page.getByRole("button", { name: "Rename “Quarterly forecast”" }).click();
    await page.getByLabel("New title").fill("Q4 forecast");
    await page.getByLabel("New title").press("Enter");
    await expect.poll(() => sidebarItems().allInnerTexts()).toEqual(["Q4 forecast"]);
    const renamed = await page.request.get(`/api/conversations/${forecastId}`);
    expect(((await renamed.json()) as { title: string }).title).toBe("Q4 forecast");

    await page.getByRole("button", { name: "Delete “Q4 forecast”" }).click();
    await page
      .getByRole("group", { name: "Delete “Q4 forecast”?" })
      .getByRole("button", { name: "Delete" })
      .click();
    await page.getByText("Nothing matches “forecast”.").waitFor();
    expect((await page.request.get(`/api/conversations/${forecastId}`)).status()).toBe(404);
    await page.getByRole("searchbox", { name: "Search conversations" }).fill("");
  });
});

describe("API tokens", () => {
  it("shows a new token once, and it stops working when revoked", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tokens" }).click();
    await page.getByLabel("Token name").fill("Month-end export");
    // Read only is the default access.
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await text(page.locator(".token-value"));
    const asToken = () => page.request.get("/api/tokens", { headers: { authorization: `Bearer ${token}` } });
    expect((await asToken()).status()).toBe(200);
    await page.getByRole("cell", { name: "Read only" }).waitFor();
    const write = await page.request.post("/api/conversations", {
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      data: {},
    });
    expect(write.status()).toBe(403);

    await page.getByRole("button", { name: "Revoke Month-end export" }).click();
    await page.getByText("No tokens yet.").waitFor();
    expect((await asToken()).status()).toBe(401);
  });
});

describe("signing up with a taken email", () => {
  it("does not sign in, and says to use the account's own password", async () => {
    const stranger = await browser.newContext({ baseURL: stack.url });
    try {
      const { page: other } = await openPage(stranger, "/");
      await other.getByRole("link", { name: "Create an account" }).click();
      await other.getByLabel("Name").fill("Someone Else");
      await other.getByLabel("Email").fill(adminEmail);
      await other.getByLabel("Password").fill("a different passphrase");
      await other.getByRole("button", { name: "Sign up" }).click();
      await other.getByRole("alert").getByText("Could not sign you in").waitFor();
      expect((await other.request.get("/api/me")).status()).toBe(401);
    } finally {
      await stranger.close();
    }
  });
});

describe("administration", () => {
  it("shows queue depths, redrives dead letters, and charts usage per user and model", async () => {
    model.answerForever({ text: "Done." });
    await askAndWait("Summarise the close checklist");
    const colleague = await stack.api.signUp({ email: "colleague@example.com" });
    const { id } = (await (
      await stack.api.app.request("/api/conversations", {
        method: "POST",
        headers: colleague.headers,
        body: "{}",
      })
    ).json()) as { id: string };
    await stack.api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: colleague.headers,
      body: JSON.stringify({ content: "What changed in the ledger this week?" }),
    });

    const { config, logger } = stack.api.deps;
    const failing = consume(
      "nightly-export",
      async () => {
        throw new Error("the export target refused the file");
      },
      { connection: config.redis.url, prefix: config.queue.prefix, maxReceiveCount: 1, logger },
    );
    await failing.ready();
    await stack.api.deps.producer.sendMessage("nightly-export", { MessageBody: "{}" });
    const deadLetters = async () => {
      const res = await page.request.get("/api/admin/queues");
      const { items } = (await res.json()) as { items: { name: string; failed: number }[] };
      return items.find((q) => q.name === "nightly-export")?.failed;
    };
    await expect.poll(deadLetters, { timeout: 10_000 }).toBe(1);
    await failing.close(1000);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    const row = page.getByRole("row", { name: /nightly-export/ });
    await row.waitFor();
    await row.getByRole("button", { name: "Redrive nightly-export" }).click();
    await page.getByText("Moved 1 message back to nightly-export.").waitFor();
    expect(await deadLetters()).toBe(0);

    const chart = page.getByRole("img", { name: "Cost per user and model" });
    await expect.poll(() => chart.locator("g").count(), { timeout: 10_000 }).toBe(2);
    expect(await chart.innerHTML()).toContain("colleague@example.com");
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.screenshot(shot("admin"));
    await page.setViewportSize({ width: 1280, height: 820 });
  });
});

describe("themes, keyboard and small screens", () => {
  it("keeps Shift+Enter as a newline, switches to dark, and fits a phone", async () => {
    model.enqueue(
      { toolCalls: [{ name: "calculate", arguments: { expression: "1250000 * 0.0425 / 12" } }] },
      {
        text: [
          "The monthly interest is **4,427.08**.",
          "",
          "| Principal | Rate | Monthly interest |",
          "| --- | --- | --- |",
          "| 1,250,000.00 | 4.25% | 4,427.08 |",
          "",
          "```python",
          "def monthly_interest(principal, rate):",
          "    return round(principal * rate / 12, 2)",
          "```",
        ].join("\n"),
      },
      { text: "Monthly interest" },
    );
    await page.getByRole("link", { name: "New chat" }).click();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("What is the monthly interest");
    await box.press("Shift+Enter");
    await box.pressSequentially("on 1.25M at 4.25%?");
    expect(await box.inputValue()).toBe("What is the monthly interest\non 1.25M at 4.25%?");
    await box.press("Enter");
    await page.locator(".message.assistant .hljs-keyword").first().waitFor();
    await page.getByRole("link", { name: "Monthly interest" }).waitFor();
    await page.screenshot(shot("sidebar"));

    await page.getByRole("combobox").first().selectOption("dark");
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await page.screenshot(shot("dark"));
    await page.getByRole("combobox").first().selectOption("light");

    const phone = await browser.newContext({
      baseURL: stack.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    await phone.addCookies(await context.cookies());
    try {
      const { page: small } = await openPage(phone, new URL(page.url()).pathname);
      await small.locator(".message.assistant table").waitFor();
      expect(await small.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      expect(await small.getByRole("link", { name: "New chat" }).isVisible()).toBe(false);
      await small.screenshot(shot("phone"));
      await small.getByRole("button", { name: "Show conversations" }).click();
      await small.getByRole("link", { name: "New chat" }).waitFor({ state: "visible" });
    } finally {
      await phone.close();
    }
  });
});

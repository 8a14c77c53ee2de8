import { type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ask,
  launchChromium,
  openPage,
  saveFailure,
  sessionHeaders,
  signUpInBrowser,
  startWebStack,
} from "./support.ts";

// Browser tests of a turn's life beyond the happy path: signing out mid-draft, stopping, failing,
// regenerating and editing, approvals that end otherwise. The real Api, Worker and testkit model.

let model: OpenAIServer;
let stack: Awaited<ReturnType<typeof startWebStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let email: string;

beforeAll(async () => {
  model = await startOpenAIServer();
  [stack, browser] = await Promise.all([
    startWebStack({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" }),
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

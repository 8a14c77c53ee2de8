import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Tool } from "@finchat/core/agent";
import type { Env } from "@finchat/core/config";
import { serve } from "@hono/node-server";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { createTestApi, startTestWorker } from "../../functions/http/test-support.ts";
import { ensureWebBuild } from "../../scripts/lib/web-build.ts";

/**
 * Where the tests' screenshots go: docs/screenshots (linked from the README) when
 * UPDATE_SCREENSHOTS=1, else a temporary directory, so a test run leaves the tree as it was.
 */
const screenshotsDir =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? new URL("../../docs/screenshots/", import.meta.url)
    : pathToFileURL(`${mkdtempSync(join(tmpdir(), "finchat-screenshots-"))}/`);

/** Screenshot options that write `<name>.png` into {@link screenshotsDir}. */
export const shot = (name: string) => ({ path: fileURLToPath(new URL(`${name}.png`, screenshotsDir)) });

/**
 * The real Api (serving the built SPA) on a real port, with a chat Worker in this process: what
 * `npm start` runs, on a fresh database, the test run's Redis and S3.
 */
export async function startWebStack(env: Partial<Env> = {}, tools: Tool[] = []) {
  await ensureWebBuild();
  const api = await createTestApi(env);
  const worker = startTestWorker(api, tools);
  await worker.ready();
  const server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1", createServer });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    (server as Server).closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await worker.close(2000);
    await api.close();
  };
  return { url, api, close };
}

/** The system's Chromium (Debian's package; the bootstrap installs it), headless, offline-friendly. */
export function launchChromium(): Promise<Browser> {
  const onPath = (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "chromium"))
    .find((file) => existsSync(file));
  return chromium.launch({
    executablePath: onPath ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page that records what the browser complains about (CSP violations, script errors). */
export async function openPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource/.test(message.text()))
      problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(url);
  return { page, problems };
}

let counter = 0;

/** Signs a new person up through the sign-up form and waits for the empty chat. */
export async function signUpInBrowser(page: Page, name = "Dana Auditor") {
  counter += 1;
  const email = `person${counter}-${Date.now()}@example.com`;
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: "What would you like to know?" }).waitFor();
  return { email };
}

/** The text of the first element the locator finds (its DOM text, whether shown or not). */
export async function text(locator: Locator): Promise<string> {
  return (await locator.first().textContent()) ?? "";
}

/** Types a question and sends it with Enter, as a person would. */
export async function ask(page: Page, question: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(question);
  await box.press("Enter");
}

/** The headers for an unsafe Api call made with the page's own session (cookie + CSRF token). */
export async function sessionHeaders(page: Page): Promise<Record<string, string>> {
  const me = (await (await page.request.get("/api/me")).json()) as { csrfToken: string };
  return { "x-csrf-token": me.csrfToken, "content-type": "application/json" };
}

/** On a failed test: a screenshot and the page's text in the temp directory, named in the log. */
export async function saveFailure(page: Page | undefined, testName: string) {
  if (!page) return;
  const path = join(tmpdir(), `finchat-web-${testName.replace(/\W+/g, "-").slice(0, 60)}.png`);
  await page.screenshot({ path }).catch(() => undefined);
  console.error(`failure screenshot: ${path}`);
}

/**
 * Checks the Mermaid diagrams the locator finds (their `svg` elements): how many labels were
 * looked at, and each flaw seen — a label whose text does not fit the box Mermaid measured for it
 * (drawn cut off), or a diagram drawn at another scale than it was laid out for (shrunk).
 */
export async function diagramFlaws(diagrams: Locator): Promise<{ labels: number; flaws: string[] }> {
  return diagrams.evaluateAll((svgs) => {
    const flaws: string[] = [];
    let labels = 0;
    for (const svg of svgs) {
      const drawn = svg.getBoundingClientRect();
      const scale = drawn.width / svg.viewBox.baseVal.width;
      if (Math.abs(scale - 1) > 0.01) flaws.push(`${svg.id} is drawn at ${scale.toFixed(2)}x`);
      for (const box of svg.querySelectorAll("foreignObject")) {
        const content = box.firstElementChild;
        if (!content?.textContent?.trim()) continue;
        labels += 1;
        const outer = box.getBoundingClientRect();
        const inner = content.getBoundingClientRect();
        if (inner.width > outer.width + 1 || inner.height > outer.height + 1) {
          const [needs, has] = [inner, outer].map((r) => `${Math.round(r.width)}x${Math.round(r.height)}`);
          flaws.push(`"${content.textContent}" needs ${needs} in ${has}`);
        }
      }
    }
    return { labels, flaws };
  });
}

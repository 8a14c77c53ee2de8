import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { docsGenerateQueue } from "@finchat/core/docs/jobs";
import { createGitHubClient } from "@finchat/core/github/client";
import { openReader } from "@finchat/core/repo/index";
import { consume } from "@finchat/jobs";
import { type GitHubServer, startGitHubServer } from "@finchat/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { docsGenerateHandler } from "../../functions/jobs/docs-generate.ts";
import { readZip } from "../../packages/core/src/docs/zip-reader.fixture.ts";
import {
  diagramFlaws,
  launchChromium,
  openPage,
  saveFailure,
  shot,
  signUpInBrowser,
  startWebStack,
  text,
} from "./support.ts";

// The docs screens in a browser: request documentation for a repository on the testkit GitHub
// server and for a local checkout, watch it being written, read a page with its diagram drawn,
// download the exports.

let github: GitHubServer;
let stack: Awaited<ReturnType<typeof startWebStack>>;
let worker: ReturnType<typeof consume>;
let browser: Browser;
let page: Page;
let problems: string[];
let docSetId = "";

/** A git checkout of two files: a local repository that is quick to document. */
function smallCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "finchat-docs-local-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "sample", type: "module" }));
  writeFileSync(join(dir, "src", "index.ts"), "export const answer = 42;\n");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd: dir });
  git("init", "--quiet", "--initial-branch=main");
  git("add", ".");
  git("commit", "--quiet", "-m", "Start");
  return dir;
}

beforeAll(async () => {
  github = await startGitHubServer({ repo: { sourceFiles: 30, commits: 6 } });
  [stack, browser] = await Promise.all([
    startWebStack({
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: "test-token",
      GITHUB_ALLOW: "acme/ledger",
      LOCAL_REPOS: `sample=${smallCheckout()}`,
    }),
    launchChromium(),
  ]);
  const { config, db, redis, blobs, logger } = stack.api.deps;
  const client = createGitHubClient({
    config: config.github,
    redis,
    logger,
    cachePrefix: `test:docs-web:${Date.now()}`,
  });
  const deps = {
    db,
    redis,
    blobs,
    logger,
    openReader: (source, signal) => openReader(config, source, { github: client, signal }),
  } satisfies Parameters<typeof docsGenerateHandler>[0];
  worker = consume(docsGenerateQueue, docsGenerateHandler(deps, 3), {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    logger,
  });
  await worker.ready();
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 820 } });
  ({ page, problems } = await openPage(context, "/"));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close(2000);
  await stack?.close();
  await github?.close();
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await saveFailure(page, task.name);
});

describe("documentation in a browser", () => {
  it("requests a set from GitHub and from a local checkout, then reads its pages with a drawn diagram", {
    timeout: 90_000,
  }, async () => {
    await signUpInBrowser(page);
    await page.goto("/docs");
    const local = page.getByRole("radio", { name: "Local checkout" });
    expect(await local.isChecked()).toBe(true);
    await page.getByRole("radio", { name: "GitHub" }).check();
    await page.getByLabel("GitHub repository").fill("acme/ledger");
    const description = await page
      .getByLabel("GitHub repository")
      .evaluate(
        (input) =>
          input.ownerDocument.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent,
      );
    expect(description).toBe("Allowed (GITHUB_ALLOW): acme/ledger");
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByText("Documentation for acme/ledger: done.").waitFor({ timeout: 30_000 });

    await page.getByRole("radio", { name: "GitHub" }).press("ArrowLeft");
    expect(await local.isChecked()).toBe(true);
    expect(await page.getByLabel("Local repository").inputValue()).toBe("sample");
    await page.getByRole("button", { name: "Generate" }).press("Enter");
    await page.getByText("Documentation for local/sample: done.").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "local/sample" }).waitFor();
    const link = page.getByRole("link", { name: "acme/ledger" });
    await link.waitFor();
    await page.screenshot(shot("docs"));

    await link.click();
    await page.locator("#doc-set-title", { hasText: "acme/ledger" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Pages" });
    expect(await nav.getByRole("link").count()).toBeGreaterThanOrEqual(4);
    await nav.getByRole("link", { name: "Architecture" }).click();
    const diagram = page.locator('.doc-page .diagram[aria-busy="false"] .diagram-svg > svg');
    await diagram.first().waitFor({ timeout: 20_000 });
    expect(await text(page.locator(".doc-page h1"))).toBe("Architecture");
    await page.screenshot(shot("docs-page"));

    const { labels, flaws } = await diagramFlaws(diagram);
    expect(labels).toBeGreaterThan(5);
    expect(flaws).toEqual([]);
    // The diagram is wider than the page: it scrolls in its frame, the page itself does not.
    const figure = page.locator(".doc-page .diagram").first();
    expect(await figure.evaluate((f) => f.scrollWidth > f.clientWidth)).toBe(true);
    expect(await page.locator("main").evaluate((main) => main.scrollWidth <= main.clientWidth)).toBe(true);
    // The page has the list page's padding: its title does not touch the sidebar.
    const [title, main] = await Promise.all([
      page.locator("#doc-set-title").boundingBox(),
      page.locator(".doc-set-view").boundingBox(),
    ]);
    expect((title?.x ?? 0) - (main?.x ?? 0)).toBeGreaterThanOrEqual(16);

    docSetId = /\/docs\/([^/]+)/.exec(page.url())?.[1] ?? "";
    expect(problems).toEqual([]);
  });

  it("exports a static site and a one-file page that draw their diagrams offline, from file: URLs", async () => {
    const folder = mkdtempSync(join(tmpdir(), "finchat-docs-export-"));
    const zip = await page.request.get(`/api/docs/${docSetId}/export?format=zip`);
    expect(zip.headers()["content-type"]).toBe("application/zip");
    for (const [name, body] of readZip(new Uint8Array(await zip.body()))) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), body);
    }
    const html = await page.request.get(`/api/docs/${docSetId}/export?format=html`);
    expect(html.headers()["content-type"]).toBe("text/html; charset=utf-8");
    writeFileSync(join(folder, "all.html"), await html.body());
    const [site = ""] = readdirSync(folder).filter((name) => name.startsWith("acme-ledger-"));

    const offline = await browser.newContext({ offline: true });
    const errors: string[] = [];
    const local = await offline.newPage();
    local.on("pageerror", (error) => errors.push(error.message));
    for (const file of [join(folder, site, "site", "architecture.html"), join(folder, "all.html")]) {
      await local.goto(pathToFileURL(file).href);
      await local.locator("pre.mermaid svg").first().waitFor({ timeout: 20_000 });
    }
    await local.goto(pathToFileURL(join(folder, site, "site", "index.html")).href);
    await local
      .getByRole("navigation", { name: "Pages" })
      .getByRole("link", { name: "Architecture" })
      .click();
    expect(local.url()).toMatch(/\/site\/architecture\.html$/);
    expect(errors).toEqual([]);
    await offline.close();
  });
});

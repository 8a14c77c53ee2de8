import type { ChildProcess } from "node:child_process";
import { openTestBucket } from "@finchat/core/backup/test-bucket";
import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import { getManifest, sha256Hex } from "@finchat/core/docs/store";
import {
  type ChatRequest,
  type GitHubServer,
  type OpenAIServer,
  type ReceivedEvent,
  readEvents,
  startGitHubServer,
  startOpenAIServer,
  type Turn,
} from "@finchat/testkit";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createTestApi } from "../functions/http/test-support.ts";
import { killWorker, WorkerProcesses } from "./worker-processes.ts";

/**
 * A documentation run whose Worker process is killed while writing pages is resumed by another
 * Worker process once its lock (the visibility timeout) runs out: the pages recorded before the
 * kill are kept as they are, only the others are written. The Api runs in this process; the
 * Workers are real child processes, killed with SIGKILL so nothing gets to clean up.
 */

/**
 * Short, so the takeover happens within seconds; the lock is renewed, and expired locks looked
 * for, every tenth of it. Writing pages is CPU-heavy, and on a loaded machine a live Worker can
 * miss renewals for a couple of seconds: then a shorter timeout takes its run over while it lives.
 */
const visibilityTimeoutMs = 4000;
const MODEL = "gpt-docs-crash";
/** Page calls the first Worker gets answers to; the ones after are held until it is dead. */
const pagesBeforeKill = 3;

let github: GitHubServer;
let model: OpenAIServer;
let bucket: Awaited<ReturnType<typeof openTestBucket>>;
let api: Awaited<ReturnType<typeof createTestApi>>;
let workers = new WorkerProcesses();
let releaseHeld = () => {};

beforeEach(async () => {
  bucket = await openTestBucket();
  github = await startGitHubServer({ repo: { sourceFiles: 40, commits: 3 } });
  model = await startOpenAIServer({ models: [MODEL] });
  api = await createTestApi({
    S3_BUCKET: bucket.bucket,
    GITHUB_ALLOW: "acme/ledger",
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: "test-token",
  });
});

afterEach(async (context) => {
  await workers.killAll();
  releaseHeld();
  if (context.task.result?.state === "fail") console.error(`worker output:\n${workers.output}`);
  workers = new WorkerProcesses();
  await api.close();
  await model.close();
  await github.close();
  bucket.close();
});

/** Starts `functions/worker.ts` as its own process against the test Api's database, queues and bucket. */
function startWorker(): ChildProcess {
  const { config } = api.deps;
  const s3 = inject("s3");
  return workers.start({
    DATABASE_URL: config.db.url,
    REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: config.queue.prefix,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: bucket.bucket,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: "test-token",
    GITHUB_ALLOW: "acme/ledger",
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "test-key",
    OPENAI_MODEL: MODEL,
    DOCS_TOKEN_BUDGET: "5000000",
    DOCS_VISIBILITY_TIMEOUT_MS: String(visibilityTimeoutMs),
    // Info, for the "doc set done" line that counts the pages resumed and written.
    LOG_LEVEL: "info",
  });
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const isSummary = (request: ChatRequest) =>
  String(request.body.messages[0]?.content).startsWith("You summarise");
const userText = (request: ChatRequest) => String(request.body.messages[1]?.content);
const pageTitle = (request: ChatRequest) => /^Page: "(.+)" \(/.exec(userText(request))?.[1];

/**
 * Summaries and the first `pagesBeforeKill` page calls are answered at once; later page calls wait
 * until `releaseHeld` (called once the first Worker is dead). Each page's prose names the request
 * that wrote it, so a page written twice would differ.
 */
function scriptModel(): void {
  let pageCalls = 0;
  const held = new Promise<void>((resolve) => (releaseHeld = resolve));
  model.answerForever(async (request): Promise<Turn> => {
    if (isSummary(request)) return { text: "Keeps the ledger's entries." };
    pageCalls += 1;
    if (pageCalls > pagesBeforeKill) await held;
    const cite = /Cite as: (\S+\))/.exec(userText(request))?.[1] ?? "";
    return { text: `This part keeps the books, as answer ${request.seq} says ${cite}.` };
  });
}

type Person = Awaited<ReturnType<typeof api.signUp>>;
const terminal = (e: ReceivedEvent) => e.event === "run.completed" || e.event === "run.failed";

async function requestDocs(person: Person): Promise<{ docSetId: string; runId: string }> {
  const res = await api.app.request("/api/docs", {
    method: "POST",
    headers: person.headers,
    body: JSON.stringify({ repo: "acme/ledger" }),
  });
  if (res.status !== 202) throw new Error(`docs request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { docSetId: string; runId: string };
}

const modelWritten = async (docSetId: string) =>
  (await DocPages.list(api.deps.db, docSetId)).filter((p) => p.writer === `model:${MODEL}`);

/** The "doc set done" log lines of a Worker (JSON lines on its stdout). */
function docSetDoneLines(worker: ChildProcess): { pages: Record<string, number> }[] {
  return workers
    .stdoutOf(worker)
    .split("\n")
    .filter((line) => line.includes('"doc set done"'))
    .map((line) => JSON.parse(line) as { pages: Record<string, number> });
}

describe("a docs run whose worker is killed mid-run", () => {
  it("is resumed by another worker from the pages already written", { timeout: 60_000 }, async () => {
    scriptModel();
    const person = await api.signUp();
    const { db, blobs } = api.deps;
    const first = startWorker();
    const { docSetId, runId } = await requestDocs(person);
    await waitFor(async () => (await modelWritten(docSetId)).length >= pagesBeforeKill);
    await killWorker(first);
    const callsBeforeKill = model.requests.length;
    const before = await DocPages.list(db, docSetId);
    expect(before.filter((p) => p.writer === `model:${MODEL}`)).toHaveLength(pagesBeforeKill);
    expect((await DocSets.get(db, docSetId))?.status).toBe("running");
    const summariesBefore = model.requests.filter(isSummary);
    expect(summariesBefore.length).toBeGreaterThan(5);

    releaseHeld();
    const second = startWorker();
    const res = await api.app.request(`/api/runs/${runId}/events`, { headers: { cookie: person.cookie } });
    const events = await readEvents(res, terminal);

    expect(events.at(-1)?.event).toBe("run.completed");
    expect(events.filter((e) => e.event === "run.completed")).toHaveLength(1);
    // Each delivery of the job starts the run: the second is the redelivery after the kill.
    expect(events.filter((e) => e.event === "run.started")).toHaveLength(2);

    const runs = await db.execute("SELECT id, kind, status FROM runs");
    expect(runs.rows.map((r) => ({ ...r }))).toEqual([{ id: runId, kind: "docs", status: "completed" }]);

    const docSet = await DocSets.get(db, docSetId);
    const after = await DocPages.list(db, docSetId);
    expect(docSet).toMatchObject({ status: "completed", pageCount: after.length });
    expect(before.length).toBeLessThan(after.length);
    const manifest = await getManifest(blobs, { label: "acme/ledger", commitSha: docSet?.commitSha ?? "" });
    expect(manifest?.pages.map((p) => p.path).sort()).toEqual(after.map((p) => p.path).sort());

    // The pages recorded before the kill: same record, same object, no model call for them again.
    const afterByPath = new Map(after.map((p) => [p.path, p]));
    for (const page of before) {
      expect(afterByPath.get(page.path)).toEqual(page);
      expect(sha256Hex((await blobs.get(page.s3Key)) ?? "")).toBe(page.sha256);
    }
    const callsAfterKill = model.requests.slice(callsBeforeKill);
    expect(callsAfterKill.filter(isSummary)).toEqual([]);
    const rewrittenTitles = callsAfterKill.map(pageTitle);
    for (const page of before) expect(rewrittenTitles).not.toContain(page.title);
    const kept = new Set(before.map((p) => p.path));
    const writtenByModel = after.filter((p) => !kept.has(p.path) && p.writer === `model:${MODEL}`);
    expect(writtenByModel.length).toBeGreaterThan(0);
    expect(callsAfterKill).toHaveLength(writtenByModel.length);
    // The calls held when the first Worker died were never answered to it, so never charged.
    const charged = summariesBefore.length + pagesBeforeKill + callsAfterKill.length;
    expect(docSet?.usage).toMatchObject({ modelCalls: charged });

    await waitFor(() => docSetDoneLines(second).length > 0);
    expect(docSetDoneLines(first)).toEqual([]);
    expect(docSetDoneLines(second).map((line) => line.pages)).toEqual([
      {
        resumed: before.length,
        copied: 0,
        written: after.length - before.length,
      },
    ]);
  });
});

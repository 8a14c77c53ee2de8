import { type ChatModel, createChatModel } from "@finchat/core/agent";
import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import { checkPages } from "@finchat/core/docs/check-pages.fixture";
import { modelWriter } from "@finchat/core/docs/model-writer";
import { getManifest } from "@finchat/core/docs/store";
import { GITHUB_READER_LABEL } from "@finchat/core/repo/index";
import { type ChatRequest, type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsHarness, runEvents, startDocsHarness } from "./docs-test-support.ts";

const MODEL = "gpt-docs-test";
let h: DocsHarness;
let openai: OpenAIServer;
let person: Awaited<ReturnType<DocsHarness["api"]["signUp"]>>;
let worker: ReturnType<DocsHarness["startWorker"]>;

const isSummary = (request: ChatRequest) =>
  String(request.body.messages[0]?.content).startsWith("You summarise");
const userText = (request: ChatRequest) => String(request.body.messages[1]?.content);
const summarised = (requests: ChatRequest[]) =>
  requests.filter(isSummary).map((r) => /^File: (.+) \(/.exec(userText(r))?.[1]);

beforeAll(async () => {
  h = await startDocsHarness();
  openai = await startOpenAIServer();
  openai.answerForever((request) => {
    if (isSummary(request))
      return {
        text: "Keeps the ledger's entries (L1-L2).",
        usage: { promptTokens: 300, completionTokens: 30 },
      };
    const cite = /Cite as: (\S+\))/.exec(userText(request))?.[1] ?? "";
    return {
      text: `This part keeps the books ${cite}.`,
      usage: { promptTokens: 1000, completionTokens: 80 },
    };
  });
  const model = createChatModel(
    { apiKey: "k", baseUrl: openai.url, model: MODEL },
    { maxRetries: 0 },
  ) as ChatModel;
  person = await h.api.signUp();
  worker = h.startWorker({
    pageWriter: (context) => modelWriter({ model, tokenBudget: 5_000_000 }, context),
  });
  await worker.ready();
});
afterAll(async () => {
  await worker.close(1000);
  await openai.close();
  await h.close();
});

async function requestDocs() {
  const before = openai.requests.length;
  const res = await h.api.app.request("/api/docs", {
    method: "POST",
    headers: person.headers,
    body: JSON.stringify({ repo: "acme/ledger" }),
  });
  const { docSetId, runId } = (await res.json()) as { docSetId: string; runId: string };
  const events = await runEvents(h, runId, person.headers);
  expect(events.at(-1)?.event).toBe("run.completed");
  const docSet = await DocSets.get(h.api.deps.db, docSetId);
  return { docSetId, runId, docSet, calls: openai.requests.slice(before) };
}

const usageOf = async (runId: string) =>
  (
    await h.api.deps.db.execute({
      sql: "SELECT COUNT(*) AS n, SUM(prompt_tokens) AS prompt FROM usage_events WHERE run_id = ? AND kind = 'docs'",
      args: [runId],
    })
  ).rows[0];

describe("docs-generate with a model", () => {
  let first: Awaited<ReturnType<typeof requestDocs>>;

  it("writes prose from summaries, each file summarised once, every call recorded", async () => {
    first = await requestDocs();
    const pages = await DocPages.list(h.api.deps.db, first.docSetId);
    const byModel = pages.filter((p) => p.writer === `model:${MODEL}`);
    expect(byModel.length).toBeGreaterThan(3);
    const files = summarised(first.calls);
    expect(files.length).toBeGreaterThan(5);
    expect(new Set(files).size).toBe(files.length);
    expect(first.calls.length).toBe(files.length + byModel.length);

    expect(await usageOf(first.runId)).toMatchObject({ n: first.calls.length });
    const manifest = await getManifest(h.api.deps.blobs, {
      label: "acme/ledger",
      commitSha: first.docSet?.commitSha ?? "",
    });
    expect(manifest).toMatchObject({
      generator: { kind: "model", model: MODEL },
      usage: { modelCalls: first.calls.length },
    });
    expect(first.docSet?.usage).toMatchObject({ modelCalls: first.calls.length });

    const snapshot = h.github.server.model.commits.get(first.docSet?.commitSha ?? "")?.snapshot;
    const markdown = await Promise.all(
      byModel.map(async (p) => ({
        path: p.path,
        markdown: new TextDecoder().decode((await h.api.deps.blobs.get(p.s3Key)) ?? new Uint8Array()),
      })),
    );
    expect(markdown.every((p) => p.markdown.includes("This part keeps the books"))).toBe(true);
    const check = await checkPages(
      markdown,
      { label: "acme/ledger", commitSha: first.docSet?.commitSha ?? "" },
      async (path) => {
        const text = snapshot?.get(path);
        return text === undefined ? null : text.split("\n").length;
      },
    );
    expect(check.problems).toEqual([]);
  });

  it("makes no model call for the same commit again", async () => {
    const again = await requestDocs();
    expect(again.docSet?.sameAs).toBe(first.docSetId);
    expect(again.calls).toEqual([]);
  });

  it("after a one-file change calls the model for that file and the pages that depend on it only", async () => {
    const [changed = ""] = summarised(first.calls);
    const old = h.github.server.model.commits.get(first.docSet?.commitSha ?? "")?.snapshot.get(changed) ?? "";
    h.github.server.pushCommit({ [changed]: old.replace(/\n/, " // edited\n") }, `Edit ${changed}`);
    h.client.resetCallStats();
    const next = await requestDocs();
    // The default branch, its commit and tree, then the changed file once (for its facts and summary).
    expect(h.client.callStats()[GITHUB_READER_LABEL]?.requests).toBe(4);

    expect(summarised(next.calls)).toEqual([changed]);
    const before = new Map((await DocPages.list(h.api.deps.db, first.docSetId)).map((p) => [p.path, p]));
    const after = await DocPages.list(h.api.deps.db, next.docSetId);
    const rewritten = after.filter(
      (p) => p.writer.startsWith("model:") && before.get(p.path)?.inputsHash !== p.inputsHash,
    );
    expect(rewritten.length).toBeGreaterThan(0);
    expect(rewritten.length).toBeLessThan(after.length);
    expect(next.calls.filter((r) => !isSummary(r))).toHaveLength(rewritten.length);
    expect(await usageOf(next.runId)).toMatchObject({ n: next.calls.length });
  });
});

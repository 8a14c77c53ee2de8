import { type ChatRequest, type OpenAIServer, startOpenAIServer, type Turn } from "@finchat/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChatModel, createChatModel } from "../../agent/model.ts";
import { createTokenBudget } from "./budget.ts";
import { blobUrl } from "./cite.ts";
import { mermaidBlocks } from "./mermaid.ts";
import { validateMermaid } from "./mermaid-check.ts";
import type { ModelUsage } from "./model-call.ts";
import { planPages } from "./plan.ts";
import { memorySummaryCache } from "./summaries.ts";
import { citeContext, ledgerFixture } from "./test-support.ts";
import type { PageSpec } from "./types.ts";
import { type WriteContext, writePage, writeSkeletonPage } from "./writer.ts";

const MODEL = "gpt-docs-test";
const f = ledgerFixture();
const specs = planPages(f.analysis, f.facts, { model: MODEL });
const spec = (path: string): PageSpec => {
  const found = specs.find((s) => s.path === path);
  if (!found) throw new Error(`no page ${path}`);
  return found;
};
const url = (path: string, anchor = "") => `${blobUrl(citeContext(), path)}${anchor}`;

let server: OpenAIServer;
let model: ChatModel;
beforeEach(async () => {
  server = await startOpenAIServer();
  model = createChatModel({ apiKey: "k", baseUrl: server.url, model: MODEL }, { maxRetries: 0 }) as ChatModel;
});
afterEach(async () => {
  await server.close();
});

const isSummary = (request: ChatRequest) =>
  String(request.body.messages[0]?.content).startsWith("You summarise");
const userText = (request: ChatRequest) => String(request.body.messages[1]?.content);

/** Summaries name their file; pages cite the first file of their summaries. */
function scriptedModel(pageText?: string): (request: ChatRequest) => Turn {
  return (request) => {
    const user = userText(request);
    if (isSummary(request))
      return {
        text: `Summary of ${/^File: (.+) \(/.exec(user)?.[1]} (L1-L3).`,
        usage: { promptTokens: 200, completionTokens: 20 },
      };
    const first = /Cite as: (\S+\))/.exec(user)?.[1] ?? "";
    return {
      text: pageText ?? `This part posts entries ${first}.`,
      usage: { promptTokens: 900, completionTokens: 100 },
    };
  };
}

function context(overrides: Partial<WriteContext> = {}) {
  const usage: ModelUsage[] = [];
  const reads: string[] = [];
  const ctx: WriteContext = {
    ...citeContext(),
    model,
    budget: createTokenBudget(1_000_000),
    cache: memorySummaryCache(),
    readText: async (source) => {
      reads.push(source.path);
      return f.texts.get(source.path) ?? null;
    },
    onUsage: (u) => {
      usage.push(u);
    },
    ...overrides,
  };
  return { ctx, usage, reads };
}

describe("writePage", () => {
  it("puts the model's prose, written from file summaries, above the skeleton's facts", async () => {
    server.answerForever(scriptedModel());
    const { ctx, usage, reads } = context();
    const page = await writePage(spec("modules/src-db.md"), ctx);

    expect(page).toMatchObject({ writer: `model:${MODEL}`, fallback: null, summaryCalls: 3, pageCalls: 1 });
    expect(reads.sort()).toEqual(["src/db/accounts.ts", "src/db/client.ts", "src/db/invoices.ts"]);
    const reduce = server.requests.find((r) => !isSummary(r));
    expect(userText(reduce as ChatRequest)).toContain("Summary of src/db/client.ts");
    expect(userText(reduce as ChatRequest)).toContain("## Facts from static analysis");
    expect(page.markdown).toMatch(
      /^# src\/db\n\nThis part posts entries \[src\/db\/accounts\.ts#L1-L45\]\(https:/,
    );
    expect(page.markdown).toContain(
      writeSkeletonPage(spec("modules/src-db.md"), ctx).markdown.slice("# src/db\n\n".length),
    );
    expect(usage).toHaveLength(4);
    expect(ctx.budget.spent()).toBe(3 * 220 + 1000);
  });

  it("makes no summary call and reads no file when the summaries are cached", async () => {
    server.answerForever(scriptedModel());
    const first = context();
    await writePage(spec("modules/src-ledger.md"), first.ctx);
    const requestsBefore = server.requests.length;
    const again = context({ cache: first.ctx.cache });

    const page = await writePage(spec("modules/src-ledger.md"), again.ctx);

    expect(page).toMatchObject({ summaryCalls: 0, pageCalls: 1, writer: `model:${MODEL}` });
    expect(server.requests.slice(requestsBefore).filter(isSummary)).toHaveLength(0);
    expect(server.requests.length - requestsBefore).toBe(1);
    expect(again.reads).toEqual([]);
  });

  it("removes every link of the model's prose that points outside the page's sources", async () => {
    const prose = [
      `Posting lives in [post](${url("src/ledger/post.ts", "#L10-L20")}) and [a secret](${url("src/secret.ts", "#L1-L2")}).`,
      `See https://evil.example/x and ![logo](https://evil.example/p.png) or acme/ledger@${"a".repeat(40)}:src/other.ts#L1-L2.`,
      `Too far: [journal](${url("src/ledger/journal.ts", "#L50-L999")}). <script>alert(1)</script>`,
      "[ref]: https://evil.example/ref",
      "```mermaid\nflowchart LR\n  end --> x\n```",
      "# A top heading",
    ].join("\n\n");
    server.answerForever(scriptedModel(prose));
    const page = await writePage(spec("modules/src-ledger.md"), context().ctx);

    expect(page.removedLinks).toBe(5);
    expect(page.markdown).toContain(`[post](${url("src/ledger/post.ts", "#L10-L20")})`);
    expect(page.markdown).toContain(`[journal](${url("src/ledger/journal.ts", "#L1-L60")})`);
    expect(page.markdown).toContain("and a secret.");
    for (const gone of ["secret.ts", "evil.example", "src/other.ts", "<script>", "end --> x"]) {
      expect(page.markdown).not.toContain(gone);
    }
    expect(page.markdown).toContain("&lt;script>");
    expect(page.markdown).toContain("### A top heading");
    for (const block of mermaidBlocks(page.markdown)) expect((await validateMermaid(block)).ok).toBe(true);
  });

  it("falls back to the skeleton, with a note, once the token budget is used up", async () => {
    server.answerForever(scriptedModel());
    const { ctx } = context({ budget: createTokenBudget(3_500) });
    const pages = [];
    const requestsAfter: number[] = [];
    for (const path of ["modules/src-db.md", "modules/src-routes.md", "glossary.md", "dependencies.md"]) {
      pages.push(await writePage(spec(path), ctx));
      requestsAfter.push(server.requests.length);
    }

    expect(pages[0]).toMatchObject({ writer: `model:${MODEL}`, fallback: null });
    const fallen = pages.filter((p) => p.fallback);
    expect(fallen.length).toBeGreaterThanOrEqual(2);
    for (const p of fallen) {
      expect(p).toMatchObject({ writer: "skeleton", fallback: { reason: "budget" } });
      expect(p.markdown).toContain(
        "> **Note:** this page was written from the static analysis alone: the run's model token budget is used up.",
      );
    }
    const firstFallback = pages.findIndex((p) => p.fallback);
    expect(pages.slice(firstFallback).every((p) => p.fallback)).toBe(true);
    expect(requestsAfter.at(-1)).toBe(requestsAfter[firstFallback]);
    expect(ctx.budget.spent()).toBeLessThanOrEqual(3_500);
  });

  it("falls back for one page when the model fails, and writes the next one", async () => {
    server.enqueue({ error: { status: 503 } });
    server.answerForever(scriptedModel());
    const { ctx } = context();

    const failed = await writePage(spec("modules/src-db.md"), ctx);
    const next = await writePage(spec("modules/src-routes.md"), ctx);

    expect(failed).toMatchObject({ writer: "skeleton", fallback: { reason: "model_unavailable" } });
    expect(failed.markdown).toContain(
      "written from the static analysis alone: the model server answered HTTP 503.",
    );
    expect(next).toMatchObject({ writer: `model:${MODEL}`, fallback: null });
  });

  it("writes the skeleton without a note when no model is configured, and always for recent activity", async () => {
    const { ctx } = context({ model: null });
    const page = await writePage(spec("architecture.md"), ctx);
    expect(page).toEqual(writeSkeletonPage(spec("architecture.md"), ctx));
    expect(page.markdown).not.toContain("Note:");

    const activity = await writePage(spec("activity.md"), context().ctx);
    expect(activity.writer).toBe("skeleton");
    expect(server.requests).toHaveLength(0);
  });

  it("stops on an abort instead of falling back", async () => {
    server.answerForever({ text: "late", delayFirstTokenMs: 2_000 });
    const abort = new AbortController();
    const { ctx } = context({ signal: abort.signal });
    const writing = writePage(spec("modules/src-db.md"), ctx);
    setTimeout(() => abort.abort(), 50);
    await expect(writing).rejects.toThrow(/abort/i);
  });
});

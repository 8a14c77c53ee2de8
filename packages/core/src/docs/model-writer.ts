import type { ChatModel } from "../agent/model.ts";
import type { PriceTable } from "../agent/pricing.ts";
import { recordUsage } from "../agent/usage.ts";
import { summaryCache } from "../db/docs-cache.ts";
import { docsRunUsage } from "./manifest.ts";
import { createTokenBudget } from "./pages/budget.ts";
import { BudgetExhausted, ModelUnavailable } from "./pages/model-call.ts";
import { summarize } from "./pages/summaries.ts";
import type { SourceRef } from "./pages/types.ts";
import { type WriteContext, writePage } from "./pages/writer.ts";
import type { WriterContext } from "./produce.ts";
import type { PageWriter } from "./write-pages.ts";

export interface ModelWriterOptions {
  model: ChatModel;
  /** Tokens one run may spend (`config.docs.tokenBudget`), counted over every delivery of its job. */
  tokenBudget: number;
  prices?: PriceTable;
}

/**
 * Pages with model-written prose: file summaries cached by blob SHA in `file_summaries`, every
 * model call recorded in `usage_events` (kind `docs`) against the run and its requester, and one
 * token budget for the run, of which a resumed run has already spent what it recorded. Before the
 * pages are written, the files of all of them are summarised together, so a file two pages share
 * is summarised once; each page then reads its summaries from the cache.
 */
export async function modelWriter(options: ModelWriterOptions, context: WriterContext): Promise<PageWriter> {
  const { db, runId, userId } = context;
  const spent = await docsRunUsage(db, runId);
  const budget = createTokenBudget(options.tokenBudget, spent.promptTokens + spent.completionTokens);
  const files = new Map(context.snapshot.files.map((f) => [f.path, f]));
  const readText = async (source: SourceRef) => {
    const file = files.get(source.path);
    return file && file.blobSha === source.blobSha ? context.reader.readText(file) : null;
  };
  const shared = {
    model: options.model,
    budget,
    cache: summaryCache(db),
    readText,
    onUsage: async (usage: { model: string; promptTokens: number; completionTokens: number }) => {
      await recordUsage(db, { ...usage, userId, runId, kind: "docs" }, options.prices);
    },
  };
  const name = `model:${options.model.model}`;
  return {
    model: options.model.model,
    intended: name,
    async prepare(specs, signal) {
      const wanted = new Map<string, SourceRef>();
      for (const spec of specs) {
        for (const source of spec.sources) {
          if (spec.summarize.includes(source.path) && spec.kind !== "activity")
            wanted.set(source.blobSha, source);
        }
      }
      try {
        await summarize([...wanted.values()], { ...shared, signal });
      } catch (err) {
        // Pages left without a summary fall back to their skeleton, each with a note.
        if (signal?.aborted || !(err instanceof BudgetExhausted || err instanceof ModelUnavailable))
          throw err;
      }
    },
    async write(spec, signal) {
      const writeContext: WriteContext = { ...context.cite, ...shared, signal };
      const page = await writePage(spec, writeContext);
      return { markdown: page.markdown, writer: page.writer };
    },
  };
}

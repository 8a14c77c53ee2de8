import type { Queryable } from "../db/client.ts";
import type { DocPage } from "../db/doc-pages.ts";
import type { SkippedFile } from "../repo/types.ts";
import type { Manifest } from "./store.ts";

/** Paths listed per skip reason in the manifest; the count covers the rest. */
const EXAMPLES_PER_REASON = 10;

/** Skipped files counted by reason, with the first few paths of each. */
export function skippedSummary(skipped: SkippedFile[]): Manifest["skipped"] {
  const summary: Manifest["skipped"] = {};
  for (const file of skipped) {
    const entry = summary[file.reason] ?? { count: 0, examples: [] };
    summary[file.reason] = entry;
    entry.count += 1;
    if (entry.examples.length < EXAMPLES_PER_REASON) entry.examples.push(file.path);
  }
  return summary;
}

/** `skeleton` → a skeleton generator; `model:<name>` → that model. */
export function generatorOf(writer: string): Manifest["generator"] {
  return writer.startsWith("model:")
    ? { kind: "model", model: writer.slice("model:".length) }
    : { kind: "skeleton" };
}

/** The model calls of a docs run and their tokens and cost, over every delivery of its job. */
export async function docsRunUsage(db: Queryable, runId: string): Promise<Manifest["usage"]> {
  const result = await db.execute({
    sql: `SELECT COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS prompt,
            COALESCE(SUM(completion_tokens), 0) AS completion,
            CAST(COALESCE(SUM(CAST(REPLACE(cost_usd, '.', '') AS INTEGER)), 0) AS TEXT) AS cost_units
          FROM usage_events WHERE run_id = ? AND kind = 'docs'`,
    args: [runId],
  });
  const row = result.rows[0];
  return {
    modelCalls: Number(row?.calls ?? 0),
    promptTokens: Number(row?.prompt ?? 0),
    completionTokens: Number(row?.completion ?? 0),
    costUsd: unitsToUsd(String(row?.cost_units ?? "0")),
  };
}

/** Cost units of 1e-10 dollars (see usage_events) as decimal dollars with 10 places. */
function unitsToUsd(units: string): string {
  const padded = units.padStart(11, "0");
  return `${padded.slice(0, -10)}.${padded.slice(-10)}`;
}

export function buildManifest(input: {
  label: string;
  ref: string;
  commitSha: string;
  writer: string;
  pages: DocPage[];
  filesRead: number;
  skipped: SkippedFile[];
  usage: Manifest["usage"];
}): Manifest {
  return {
    label: input.label,
    ref: input.ref,
    commitSha: input.commitSha,
    generatedAt: new Date().toISOString(),
    generator: generatorOf(input.writer),
    pages: input.pages.map((p) => ({
      path: p.path,
      title: p.title,
      inputsHash: p.inputsHash,
      sha256: p.sha256,
      writer: p.writer,
    })),
    files: { read: input.filesRead, skipped: input.skipped.length },
    skipped: skippedSummary(input.skipped),
    usage: input.usage,
  };
}

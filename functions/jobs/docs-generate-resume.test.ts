import { requestCancel } from "@finchat/core/chat/cancel";
import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import * as Runs from "@finchat/core/db/runs";
import { type DocsGenerateDeps, generateDocSet, skeletonWriter } from "@finchat/core/docs/generate";
import { readRunEvents } from "@finchat/core/runs/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsHarness, startDocsHarness } from "./docs-test-support.ts";

// A harness of its own: no other set of the repository exists, so every page is written, not copied.
let h: DocsHarness;
let userId: string;
beforeAll(async () => {
  h = await startDocsHarness();
  userId = (await h.api.signUp()).user.id;
});
afterAll(() => h.close());

const requestSet = async (ref: string) =>
  (await DocSets.request(h.api.deps.db, { label: "acme/ledger", sourceKind: "github", userId, ref })).docSet;

/** The skeleton writer, calling `beforeWrite` before each page (it may throw, as a killed worker would). */
function watchedWriter(beforeWrite: () => void): DocsGenerateDeps["pageWriter"] {
  return (context) => {
    const writer = skeletonWriter(context);
    return {
      ...writer,
      write: async (spec, signal) => {
        beforeWrite();
        return writer.write(spec, signal);
      },
    };
  };
}

describe("generateDocSet", () => {
  it("stops between pages when the person cancels, and says so", async () => {
    const docSet = await requestSet("main");
    const runId = docSet.runId ?? "";
    let writes = 0;
    const cancelling = watchedWriter(() => {
      writes += 1;
      if (writes === 1) void requestCancel(h.api.deps.redis, runId);
    });
    const slow: DocsGenerateDeps["pageWriter"] = async (context) => {
      const writer = await cancelling?.(context);
      if (!writer) throw new Error("no writer");
      return {
        ...writer,
        write: async (spec, signal) => {
          const page = await writer.write(spec, signal);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return page;
        },
      };
    };
    await generateDocSet(
      { ...h.deps, pageConcurrency: 1, pageWriter: slow },
      { docSetId: docSet.id, runId },
      {
        finalAttempt: false,
      },
    );
    expect(writes).toBe(1);
    expect(await DocSets.get(h.api.deps.db, docSet.id)).toMatchObject({
      status: "failed",
      error: { code: "cancelled" },
    });
    expect(await Runs.get(h.api.deps.db, userId, runId)).toMatchObject({ status: "cancelled" });
    const events = await readRunEvents(h.api.deps.redis, runId);
    expect(events.at(-1)).toMatchObject({ event: "run.failed", data: { code: "cancelled" } });
  });

  it("resumes after a kill from the pages already stored", async () => {
    const docSet = await requestSet("main");
    const job = { docSetId: docSet.id, runId: docSet.runId ?? "" };
    let written = 0;
    const killedAfterThree = watchedWriter(() => {
      if (written === 3) throw new Error("killed");
      written += 1;
    });
    await expect(
      generateDocSet({ ...h.deps, pageConcurrency: 1, pageWriter: killedAfterThree }, job, {
        finalAttempt: false,
      }),
    ).rejects.toThrow("killed");
    const stored = await DocPages.list(h.api.deps.db, docSet.id);
    expect(stored).toHaveLength(3);

    let rewritten = 0;
    const counting = watchedWriter(() => {
      rewritten += 1;
    });
    await generateDocSet({ ...h.deps, pageWriter: counting }, job, { finalAttempt: false });
    const done = await DocSets.get(h.api.deps.db, docSet.id);
    expect(done?.status).toBe("completed");
    expect(rewritten).toBe((done?.pageCount ?? 0) - 3);
    for (const page of stored) {
      expect((await DocPages.find(h.api.deps.db, docSet.id, page.path))?.writtenAt).toBe(page.writtenAt);
    }
  });

  it("fails at once for a ref that does not exist", async () => {
    const docSet = await requestSet("no-such-branch");
    await generateDocSet(h.deps, { docSetId: docSet.id, runId: docSet.runId ?? "" }, { finalAttempt: false });
    expect(await DocSets.get(h.api.deps.db, docSet.id)).toMatchObject({
      status: "failed",
      error: { code: "not_found" },
    });
    expect(await Runs.get(h.api.deps.db, userId, docSet.runId ?? "")).toMatchObject({
      status: "failed",
    });
  });
});

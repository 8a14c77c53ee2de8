import { describe, expect, it } from "vitest";
import type { RawRunEvent } from "../api/run-stream.ts";
import { applyRunEvent, isAfter, type LiveRun, startRun } from "./run-state.ts";

const fresh = () =>
  startRun({ runId: "r1", conversationId: "c1", question: { messageId: "m1", content: "Q?" } });
let seq = 0;
const ev = (event: string, data: unknown = {}): RawRunEvent => ({ id: `1000-${seq++}`, event, data });
const play = (events: RawRunEvent[], run: LiveRun = fresh()) => events.reduce(applyRunEvent, run);

describe("a live run rebuilt from its events", () => {
  it("joins deltas into one answer and finishes with the stored content and citations", () => {
    const citations = [
      { kind: "jira" as const, label: "FIN-1", url: "https://x.atlassian.net/browse/FIN-1" },
    ];
    const run = play([
      ev("run.started"),
      ev("message.delta", { text: "Reven" }),
      ev("message.delta", { text: "ue rose" }),
      ev("message.completed", { messageId: "a1", content: "Revenue rose 12%.", citations, usage: {} }),
      ev("run.completed"),
    ]);
    expect(run.parts).toEqual([{ kind: "text", text: "Revenue rose 12%.", sealed: false }]);
    expect(run).toMatchObject({ phase: "completed", answerMessageId: "a1", citations });
  });

  it("ignores an event it has already seen, so a replay adds nothing", () => {
    const started = ev("run.started");
    const delta = ev("message.delta", { text: "once" });
    const run = play([started, delta, delta, started]);
    expect(run.parts).toEqual([{ kind: "text", text: "once", sealed: false }]);
    expect(isAfter("1000-2", "999-9")).toBe(true);
    expect(isAfter("1000-2", "1000-10")).toBe(false);
  });

  it("seals the text before a tool call and tracks the call to its result", () => {
    const run = play([
      ev("run.started"),
      ev("message.delta", { text: "Let me check." }),
      ev("tool.started", { callId: "t1", name: "read_file", args: { path: "a.ts" } }),
      ev("tool.completed", { callId: "t1", ok: true, summary: "Read 3 lines" }),
      ev("message.delta", { text: "It posts." }),
    ]);
    expect(run.parts).toEqual([
      { kind: "text", text: "Let me check.", sealed: true },
      {
        kind: "tool",
        call: {
          callId: "t1",
          name: "read_file",
          args: { path: "a.ts" },
          status: "ok",
          summary: "Read 3 lines",
        },
      },
      { kind: "text", text: "It posts.", sealed: false },
    ]);
  });

  it("drops the unsaved text when a worker restarts the run, keeping what was stored", () => {
    const run = play([
      ev("run.started"),
      ev("message.delta", { text: "Checking." }),
      ev("tool.started", { callId: "t1", name: "calculate", args: {} }),
      ev("message.delta", { text: "The answer is 4" }),
      ev("run.started"),
      ev("message.delta", { text: "The sum is 4." }),
    ]);
    expect(run.starts).toBe(2);
    expect(run.parts.map((p) => (p.kind === "text" ? p.text : p.kind))).toEqual([
      "Checking.",
      "tool",
      "The sum is 4.",
    ]);
  });

  it("waits for approval, and ends as failed or cancelled with the reason", () => {
    const paused = play([
      ev("run.started"),
      ev("approval.required", {
        callId: "w1",
        name: "create_issue",
        args: { project: "FIN" },
        argsHash: "h",
      }),
    ]);
    expect(paused.phase).toBe("awaiting_approval");
    expect(paused.parts).toEqual([
      {
        kind: "approval",
        approval: {
          callId: "w1",
          name: "create_issue",
          args: { project: "FIN" },
          argsHash: "h",
          decision: "pending",
        },
      },
    ]);
    expect(play([ev("run.failed", { code: "cancelled", message: "Stopped" })], paused).phase).toBe(
      "cancelled",
    );
    const failed = play([ev("run.failed", { code: "llm_not_configured", message: "No model" })]);
    expect(failed).toMatchObject({
      phase: "failed",
      error: { code: "llm_not_configured", message: "No model" },
    });
  });
});

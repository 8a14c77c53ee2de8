import { describe, expect, it } from "vitest";
import { unsavedView } from "./live-view.ts";
import { applyRunEvent, startRun } from "./run-state.ts";
import { buildTimeline } from "./timeline.ts";

const at = "2026-01-01T00:00:00.000Z";
const stored = [
  { id: "u1", role: "user" as const, content: "How does posting work?", runId: "run1", createdAt: at },
  {
    id: "s1",
    role: "assistant" as const,
    content: "Reading the code.",
    toolCalls: [{ id: "t1", name: "read_file", args: { path: "src/post.ts" } }],
    runId: "run1",
    createdAt: at,
  },
  {
    id: "r1",
    role: "tool" as const,
    content: "export function post() {}",
    toolCalls: [{ id: "t1", name: "read_file", ok: true, summary: "Read 1 line" }],
    citations: [{ kind: "github", label: "acme/ledger/src/post.ts#L1" }],
    runId: "run1",
    createdAt: at,
  },
  {
    id: "a1",
    role: "assistant" as const,
    content: "It validates, then writes.",
    citations: [
      { kind: "github", label: "acme/ledger/src/post.ts#L1", url: "https://github.com/x" },
      { bogus: true },
    ],
    runId: "run1",
    createdAt: at,
  },
];

describe("the stored conversation", () => {
  it("shows questions, the text and cards of tool steps with their results, and answers with citations", () => {
    expect(buildTimeline(stored)).toEqual([
      { kind: "user", id: "u1", content: "How does posting work?" },
      { kind: "assistant", id: "s1", content: "Reading the code.", citations: [] },
      {
        kind: "tool",
        id: "t1",
        call: {
          callId: "t1",
          name: "read_file",
          args: { path: "src/post.ts" },
          status: "ok",
          summary: "Read 1 line",
        },
        result: "export function post() {}",
      },
      {
        kind: "assistant",
        id: "a1",
        content: "It validates, then writes.",
        citations: [{ kind: "github", label: "acme/ledger/src/post.ts#L1", url: "https://github.com/x" }],
      },
    ]);
  });

  it("leaves a call without a result waiting", () => {
    const [, , card] = buildTimeline(stored.slice(0, 2));
    expect(card).toMatchObject({ kind: "tool", call: { status: "waiting" }, result: null });
  });
});

describe("a live run beside the stored conversation", () => {
  const run = [
    { id: "1-1", event: "run.started", data: {} },
    { id: "1-2", event: "message.delta", data: { text: "Reading the code." } },
    { id: "1-3", event: "tool.started", data: { callId: "t1", name: "read_file", args: {} } },
    { id: "1-4", event: "message.delta", data: { text: "It valid" } },
  ].reduce(
    applyRunEvent,
    startRun({ runId: "r", conversationId: "c", question: { messageId: "u1", content: "How?" } }),
  );

  it("shows only what is not stored yet: after a reload, the text being written", () => {
    const view = unsavedView(run, buildTimeline(stored.slice(0, 3)));
    expect(view).toEqual({ question: null, parts: [{ kind: "text", text: "It valid", sealed: false }] });
  });

  it("shows everything, question included, before any of it is stored", () => {
    expect(unsavedView(run, [])?.parts).toHaveLength(3);
    expect(unsavedView(run, [])?.question).toBe("How?");
  });

  it("disappears once the answer is stored", () => {
    const done = applyRunEvent(run, {
      id: "1-5",
      event: "message.completed",
      data: { messageId: "a1", content: "It validates, then writes.", citations: [], usage: {} },
    });
    expect(unsavedView(done, buildTimeline(stored))).toBeNull();
  });

  it("disappears once the stored conversation has the run's answer, before message.completed arrives", () => {
    const written = stored.filter((m) => m.role !== "user").map((m) => ({ ...m, runId: run.runId }));
    // Steps that asked for tools are not the answer: the text being written still shows.
    expect(unsavedView(run, buildTimeline(stored.slice(0, 3)), [], written.slice(0, 2))).not.toBeNull();
    // Another run's answer (the version this one regenerates) is not this run's.
    expect(unsavedView(run, buildTimeline(stored), [], stored)).not.toBeNull();
    expect(unsavedView(run, buildTimeline(stored), [], written)).toBeNull();
  });
});

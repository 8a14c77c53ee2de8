import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Conversations from "../db/conversations.ts";
import * as Messages from "../db/messages.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { type AppError, isAppError } from "../errors.ts";
import { approvalOf, argsHash, canonicalJson, decideApproval, requestApproval } from "./approvals.ts";

describe("argsHash", () => {
  it("depends on the values, not on key order", () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: "x" })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
    expect(argsHash("create_issue", { a: 1, b: 2 })).toBe(argsHash("create_issue", { b: 2, a: 1 }));
    expect(argsHash("create_issue", { a: 1 })).not.toBe(argsHash("create_issue", { a: 2 }));
    expect(argsHash("create_issue", { a: 1 })).not.toBe(argsHash("comment", { a: 1 }));
  });
});

describe("decideApproval", () => {
  let t: TestDatabase;
  let userId: string;
  let runId: string;
  const args = { project: "FIN", title: "t" };
  const hash = argsHash("create_issue", args);
  beforeEach(async () => {
    t = await openTestDatabase();
    userId = (await addTestUser(t.db)).id;
    const conversationId = (await Conversations.create(t.db, userId, {})).id;
    const turn = await Messages.appendUserTurn(t.db, { userId, conversationId, content: "q" });
    runId = turn.run.id;
    const step = await Messages.append(t.db, {
      conversationId,
      runId,
      role: "assistant",
      content: "",
      toolCalls: [],
    });
    const where = { runId, messageId: step.message.id };
    await requestApproval(t.db, where, { callId: "c1", name: "create_issue", args, argsHash: hash });
  });
  afterEach(async () => {
    await t.close();
  });
  const decide = (decision: "approve" | "reject", argsHashValue = hash, user = () => userId) =>
    decideApproval(t.db, { userId: user(), runId, callId: "c1", decision, argsHash: argsHashValue });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (e: unknown) => (isAppError(e) ? (e as AppError).code : e),
    );

  it("records a decision once; the same decision again changes nothing", async () => {
    expect(await decide("approve")).toEqual({ changed: true });
    expect(await decide("approve")).toEqual({ changed: false });
    const row = await t.db.execute({
      sql: "SELECT status FROM pending_approvals WHERE run_id = ?",
      args: [runId],
    });
    expect(row.rows[0]?.status).toBe("approved");
  });

  it("answers conflict for a stale hash or the opposite decision, and not_found for another user", async () => {
    expect(await codeOf(decide("approve", argsHash("create_issue", { ...args, title: "u" })))).toBe(
      "conflict",
    );
    await decide("reject");
    expect(await codeOf(decide("approve"))).toBe("conflict");
    const other = (await addTestUser(t.db)).id;
    expect(await codeOf(decide("reject", hash, () => other))).toBe("not_found");
  });

  it("keeps the first request when the same call is asked for twice", async () => {
    const messageId = String(
      (await t.db.execute("SELECT message_id FROM pending_approvals")).rows[0]?.message_id,
    );
    await decide("reject");
    const again = await requestApproval(
      t.db,
      { runId, messageId },
      { callId: "c1", name: "create_issue", args, argsHash: hash },
    );
    expect(again).toEqual({ status: "rejected", argsHash: hash });
    expect(await approvalOf(t.db, { runId, messageId, callId: "c1" })).toEqual({
      status: "rejected",
      argsHash: hash,
    });
  });
});

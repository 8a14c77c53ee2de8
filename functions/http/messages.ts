import { enqueueChatRun } from "@finchat/core/chat/jobs";
import { Messages, Runs } from "@finchat/core/db";
import { AppError } from "@finchat/core/errors";
import { createRoute, z } from "@hono/zod-openapi";
import { enqueueOr503 } from "./enqueue.ts";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { IdParam, jsonBody, jsonResponse } from "./schemas.ts";
import { streamRunEvents, wantsEventStream } from "./sse.ts";

const PostMessage = z
  .object({
    content: z.string().trim().min(1).max(32_000),
    clientMessageId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Idempotency key: the same id twice creates one message and one run" }),
    parentRunId: z.string().min(1).max(64).nullable().optional().openapi({
      description:
        "The answer (run) this question follows; null to start from the top. Edit-and-resend names the parent of the question it edits, branching the conversation there. Left out: the newest run.",
    }),
  })
  .openapi("PostMessage");
const Posted = z.object({ messageId: z.string(), runId: z.string() }).openapi("MessagePosted");

const post = createRoute({
  method: "post",
  path: "/conversations/{id}/messages",
  tags: ["runs"],
  summary: "Ask something: stores the message and starts a run (SSE with Accept: text/event-stream)",
  request: { params: IdParam, body: jsonBody(PostMessage) },
  responses: {
    202: jsonResponse(Posted, "Stored; the run is queued"),
    200: { description: "The run's event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503),
  },
});

const regenerate = createRoute({
  method: "post",
  path: "/conversations/{id}/messages/{messageId}/regenerate",
  tags: ["runs"],
  summary: "Answer a question again: a new answer version beside the ones it has (a new run)",
  request: { params: IdParam.extend({ messageId: z.string().min(1).max(64) }) },
  responses: {
    202: jsonResponse(Posted, "The new run is queued; messageId is the question's"),
    ...errorResponses(401, 403, 404, 429, 503),
  },
});

/** Nothing is stored while Redis is known to be down (no round trip: a PING cost every turn ~0.2 ms). */
function assertQueueUp(deps: ApiDeps) {
  if (deps.redis.status !== "ready") {
    throw new AppError("unavailable", "The job queue is unavailable; try again shortly", { retryAfter: 5 });
  }
}

export function messageRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/conversations/*", requireUser);
  app.openapi(regenerate, async (c) => {
    const { id, messageId } = c.req.valid("param");
    assertQueueUp(deps);
    const send = (run: Runs.Run) =>
      enqueueOr503(() =>
        enqueueChatRun(deps.producer, { runId: run.id, userId: run.userId, conversationId: id }, "start"),
      );
    const run = await Messages.appendAnswerRun(
      deps.db,
      { userId: c.var.user.id, conversationId: id, questionId: messageId },
      { alongside: send },
    );
    c.header("x-run-id", run.id);
    return c.json({ messageId, runId: run.id }, 202);
  });
  return app.openapi(post, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    // Should the send fail, the run stays queued and a retry with the same clientMessageId sends it again.
    assertQueueUp(deps);
    // The job is sent once the turn is committed, while the commit is synced to disk; the answer
    // waits for both. A retried post of a run still queued sends its job again; deduplication
    // keeps it to one.
    const send = async ({ run }: Messages.UserTurn) => {
      if (run.status !== "queued") return;
      await enqueueOr503(() =>
        enqueueChatRun(deps.producer, { runId: run.id, userId: run.userId, conversationId: id }, "start"),
      );
    };
    const { message, run } = await Messages.appendUserTurn(
      deps.db,
      {
        userId: c.var.user.id,
        conversationId: id,
        content: body.content,
        ...(body.clientMessageId ? { clientMessageId: body.clientMessageId } : {}),
        ...(body.parentRunId !== undefined ? { parentRunId: body.parentRunId } : {}),
      },
      { alongside: send },
    );
    // The stream's client needs the run id to cancel, approve or resume.
    c.header("x-run-id", run.id);
    c.header("x-message-id", message.id);
    if (wantsEventStream(c)) {
      return streamRunEvents(c, deps, run.id, "0-0", Runs.isFinished(run.status));
    }
    return c.json({ messageId: message.id, runId: run.id }, 202);
  });
}

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

export function messageRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/conversations/*", requireUser);
  return app.openapi(post, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    // Nothing is stored while Redis is known to be down (no round trip: a PING cost every turn
    // ~0.2 ms). Should the send still fail, the run stays queued and a retry with the same
    // clientMessageId sends it again.
    if (deps.redis.status !== "ready") {
      throw new AppError("unavailable", "The job queue is unavailable; try again shortly", { retryAfter: 5 });
    }
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

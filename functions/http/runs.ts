import { decideApproval, pendingApproval, storeEnding } from "@finchat/core/agent";
import { requestCancel } from "@finchat/core/chat/cancel";
import { enqueueChatRun } from "@finchat/core/chat/jobs";
import { Runs } from "@finchat/core/db";
import { AppError } from "@finchat/core/errors";
import { appendRunEvent, isEventId, lastRunEvent } from "@finchat/core/runs/events";
import { createRoute, z } from "@hono/zod-openapi";
import { enqueueOr503 } from "./enqueue.ts";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { IdParam, jsonBody, jsonResponse } from "./schemas.ts";
import { streamRunEvents } from "./sse.ts";

const RunStatus = z.enum(["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"]);
const PendingCall = z
  .object({ callId: z.string(), name: z.string(), args: z.unknown(), argsHash: z.string() })
  .openapi("PendingCall");
const RunView = z
  .object({
    id: z.string(),
    conversationId: z.string().nullable(),
    status: RunStatus,
    usage: z.unknown(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    pendingApproval: PendingCall.optional(),
  })
  .openapi("Run");
const Accepted = z.object({ status: RunStatus }).openapi("RunAccepted");

const getRun = createRoute({
  method: "get",
  path: "/runs/{id}",
  tags: ["runs"],
  summary: "A run's status, usage, error and the call awaiting approval",
  request: { params: IdParam },
  responses: { 200: jsonResponse(RunView, "The run"), ...errorResponses(401, 404) },
});
const events = createRoute({
  method: "get",
  path: "/runs/{id}/events",
  tags: ["runs"],
  summary: "The run's events as Server-Sent Events, from the start or after Last-Event-ID",
  request: {
    params: IdParam,
    headers: z.object({ "last-event-id": z.string().max(50).optional() }),
  },
  responses: {
    200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses(400, 401, 404),
  },
});
const cancel = createRoute({
  method: "post",
  path: "/runs/{id}/cancel",
  tags: ["runs"],
  summary: "Stop a run (streaming stops within a second)",
  request: { params: IdParam },
  responses: { 202: jsonResponse(Accepted, "Cancel requested"), ...errorResponses(401, 403, 404) },
});
const approve = createRoute({
  method: "post",
  path: "/runs/{id}/approvals/{callId}",
  tags: ["runs"],
  summary: "Approve or reject the write the agent proposed",
  request: {
    params: IdParam.extend({ callId: z.string().min(1).max(100) }),
    body: jsonBody(
      z.object({ decision: z.enum(["approve", "reject"]), argsHash: z.string().min(1).max(128) }),
    ),
  },
  responses: {
    202: jsonResponse(Accepted, "Decision recorded; the run continues"),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

export function runRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/runs/*", requireUser);
  const load = async (userId: string, id: string) => {
    const run = await Runs.get(deps.db, userId, id);
    if (!run) throw new AppError("not_found", "No such run");
    return run;
  };

  /**
   * A plain answer's run stays `queued` in the database until its outcome is stored (the Worker
   * writes nothing before the model call, so that a turn costs one write); once the run's stream has
   * events, the Worker is on it. Without Redis the stored status is the answer.
   */
  const currentStatus = async (run: Runs.Run): Promise<Runs.RunStatus> => {
    if (run.status !== "queued" || deps.redis.status !== "ready") return run.status;
    try {
      return (await lastRunEvent(deps.redis, run.id)) ? "running" : "queued";
    } catch (err) {
      deps.logger.warn(
        { err, runId: run.id },
        "could not read the run's stream; answering the stored status",
      );
      return run.status;
    }
  };

  return app
    .openapi(getRun, async (c) => {
      const run = await load(c.var.user.id, c.req.valid("param").id);
      const pending = run.status === "awaiting_approval" ? await pendingApproval(deps.db, run.id) : null;
      const error = run.error as { code: string; message: string } | null;
      return c.json(
        {
          id: run.id,
          conversationId: run.conversationId,
          status: await currentStatus(run),
          usage: run.usage,
          ...(error ? { error } : {}),
          ...(pending ? { pendingApproval: pending } : {}),
        },
        200,
      );
    })
    .openapi(events, async (c) => {
      const run = await load(c.var.user.id, c.req.valid("param").id);
      const after = c.req.valid("header")["last-event-id"] ?? "0-0";
      if (!isEventId(after))
        throw new AppError("invalid_request", "Last-Event-ID is not an event id of this run");
      return streamRunEvents(c, deps, run.id, after, Runs.isFinished(run.status));
    })
    .openapi(cancel, async (c) => {
      const run = await load(c.var.user.id, c.req.valid("param").id);
      if (run.status === "awaiting_approval" && run.conversationId) {
        // No worker holds a paused run: stop it here, closing the call that waited (its card
        // says it was cancelled, never "waiting").
        const target = { runId: run.id, userId: run.userId, conversationId: run.conversationId };
        const closed = await storeEnding(deps.db, target, { status: "cancelled" }, "");
        for (const call of closed) {
          const { id: callId, summary, outcome } = call;
          await appendRunEvent(deps.redis, run.id, "tool.completed", { callId, ok: false, summary, outcome });
        }
        await appendRunEvent(deps.redis, run.id, "run.failed", {
          code: "cancelled",
          message: "Stopped at your request",
        });
        return c.json({ status: "cancelled" as const }, 202);
      }
      if (!Runs.isFinished(run.status)) await requestCancel(deps.redis, run.id);
      return c.json({ status: run.status }, 202);
    })
    .openapi(approve, async (c) => {
      const { id, callId } = c.req.valid("param");
      const run = await load(c.var.user.id, id);
      // "queued": the decision is recorded but its job may not have been sent (a retry sends it).
      if ((run.status !== "awaiting_approval" && run.status !== "queued") || !run.conversationId) {
        throw new AppError(
          "conflict",
          `The run is ${run.status.replace("_", " ")}, not waiting for approval`,
        );
      }
      const body = c.req.valid("json");
      await decideApproval(deps.db, { userId: run.userId, runId: run.id, callId, ...body });
      if (run.status === "awaiting_approval") await Runs.setStatus(deps.db, run.id, "queued");
      await enqueueOr503(() =>
        enqueueChatRun(
          deps.producer,
          { runId: run.id, userId: run.userId, conversationId: run.conversationId as string },
          `decision:${callId}`,
        ),
      );
      return c.json({ status: "queued" as const }, 202);
    });
}

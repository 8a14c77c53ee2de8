import { usageReport } from "@finchat/core/agent";
import { Invites } from "@finchat/core/db";
import { AppError } from "@finchat/core/errors";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { requireAdmin, requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { jsonBody, jsonResponse } from "./schemas.ts";

const Invite = z
  .object({
    id: z.string(),
    code: z.string().openapi({ description: "Shown once; the invitee passes it as `inviteCode` at sign-up" }),
    expiresAt: z.string(),
  })
  .openapi("Invite");

const createInvite = createRoute({
  method: "post",
  path: "/admin/invites",
  tags: ["admin"],
  summary: "Invite someone (for SIGNUP=invite)",
  request: {
    body: jsonBody(
      z.object({
        email: z.email().max(254).optional(),
        ttlHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30)
          .optional(),
      }),
    ),
  },
  responses: { 201: jsonResponse(Invite, "The invite"), ...errorResponses(400, 401, 403, 415) },
});

const QueueView = z
  .object({
    name: z.string(),
    waiting: z.number().int(),
    active: z.number().int(),
    delayed: z.number().int(),
    failed: z.number().int().openapi({ description: "Dead-lettered messages" }),
    oldestAgeSeconds: z.number(),
  })
  .openapi("QueueView");

const listQueues = createRoute({
  method: "get",
  path: "/admin/queues",
  tags: ["admin"],
  summary: "Per queue: waiting, active, delayed, dead-lettered and the oldest message's age",
  responses: {
    200: jsonResponse(z.object({ items: z.array(QueueView) }), "Queues"),
    ...errorResponses(401, 403, 503),
  },
});

const redrive = createRoute({
  method: "post",
  path: "/admin/queues/{name}/redrive",
  tags: ["admin"],
  summary: "Move a queue's dead-lettered messages back to it",
  request: { params: z.object({ name: z.string().regex(/^[a-z0-9-]{1,80}$/) }) },
  responses: {
    200: jsonResponse(z.object({ moved: z.number().int() }), "Moved"),
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

const UsageRow = z
  .object({
    userId: z.string().nullable(),
    email: z.string().nullable(),
    model: z.string(),
    kind: z.string(),
    calls: z.number().int(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    totalTokens: z.number().int(),
    costUsd: z.string().openapi({ description: "US dollars, exact decimal text" }),
    priced: z.boolean(),
  })
  .openapi("UsageRow");

const usage = createRoute({
  method: "get",
  path: "/admin/usage",
  tags: ["admin"],
  summary: "Tokens and cost by user, model and job kind over [from, to)",
  request: {
    query: z.object({
      from: z.iso.datetime().optional().openapi({ description: "Default: 30 days ago" }),
      to: z.iso.datetime().optional().openapi({ description: "Default: now" }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ from: z.string(), to: z.string(), items: z.array(UsageRow) }), "Usage"),
    ...errorResponses(400, 401, 403),
  },
});

export function adminRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/admin/*", requireUser, requireAdmin);
  return app
    .openapi(createInvite, async (c) => {
      const { email, ttlHours } = c.req.valid("json");
      const invite = await Invites.create(deps.db, {
        createdBy: c.var.user.id,
        ...(email ? { email } : {}),
        ...(ttlHours ? { ttlHours } : {}),
      });
      return c.json(invite, 201);
    })
    .openapi(listQueues, async (c) => {
      const names = await deps.queueAdmin.listQueues();
      const items = await Promise.all(
        names.map(async (name) => {
          const a = await deps.queueAdmin.getQueueAttributes(name);
          return {
            name,
            waiting: a.ApproximateNumberOfMessages,
            active: a.ApproximateNumberOfMessagesNotVisible,
            delayed: a.ApproximateNumberOfMessagesDelayed,
            failed: a.deadLetters,
            oldestAgeSeconds: a.oldestMessageAgeSeconds,
          };
        }),
      );
      return c.json({ items }, 200);
    })
    .openapi(redrive, async (c) => {
      const { name } = c.req.valid("param");
      if (!(await deps.queueAdmin.listQueues()).includes(name))
        throw new AppError("not_found", "No such queue");
      return c.json(await deps.queueAdmin.redrive(name), 200);
    })
    .openapi(usage, async (c) => {
      const query = c.req.valid("query");
      const to = query.to ?? new Date().toISOString();
      const from = query.from ?? new Date(Date.parse(to) - 30 * 24 * 3600 * 1000).toISOString();
      if (from >= to) throw new AppError("invalid_request", "`from` must be before `to`");
      return c.json({ from, to, items: await usageReport(deps.db, { from, to }) }, 200);
    });
}

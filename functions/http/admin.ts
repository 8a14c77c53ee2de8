import { Invites } from "@finchat/core/db";
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

export function adminRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/admin/*", requireUser, requireAdmin);
  return app.openapi(createInvite, async (c) => {
    const { email, ttlHours } = c.req.valid("json");
    const invite = await Invites.create(deps.db, {
      createdBy: c.var.user.id,
      ...(email ? { email } : {}),
      ...(ttlHours ? { ttlHours } : {}),
    });
    return c.json(invite, 201);
  });
}

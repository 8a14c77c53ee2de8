import { Tokens } from "@finchat/core/db";
import { tokenScopes } from "@finchat/core/db/tokens";
import { AppError } from "@finchat/core/errors";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { requireSession, requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { IdParam, jsonBody, jsonResponse } from "./schemas.ts";

const Scope = z.enum(tokenScopes).openapi("TokenScope", {
  description:
    "`read`: only GET and HEAD requests; `full`: everything its user may do. No token can create or " +
    "revoke tokens: only a browser session can.",
});
const TokenInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: Scope,
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiToken");
const CreateToken = z
  .object({ name: z.string().trim().min(1).max(100), scope: Scope.default("full") })
  .openapi("CreateApiToken");
const CreatedToken = TokenInfo.extend({
  token: z.string().openapi({ description: "Shown once; send as `Authorization: Bearer <token>`" }),
}).openapi("CreatedApiToken");

const create = createRoute({
  method: "post",
  path: "/tokens",
  tags: ["tokens"],
  summary: "Create a personal API token (browser session only)",
  security: [{ session: [] }],
  request: { body: jsonBody(CreateToken) },
  responses: { 201: jsonResponse(CreatedToken, "The new token"), ...errorResponses(400, 401, 403, 415, 429) },
});

const list = createRoute({
  method: "get",
  path: "/tokens",
  tags: ["tokens"],
  summary: "List your personal API tokens",
  responses: {
    200: jsonResponse(z.object({ items: z.array(TokenInfo) }), "Your tokens"),
    ...errorResponses(401),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/tokens/{id}",
  tags: ["tokens"],
  summary: "Revoke a personal API token (browser session only)",
  security: [{ session: [] }],
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
});

export function tokenRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/tokens", requireUser).use("/tokens/*", requireUser);
  app.on("POST", "/tokens", requireSession).on("DELETE", "/tokens/*", requireSession);
  return app
    .openapi(create, async (c) => {
      const { name, scope } = c.req.valid("json");
      const created = await Tokens.create(deps.db, c.var.user.id, name, scope);
      return c.json(created, 201);
    })
    .openapi(list, async (c) => c.json({ items: await Tokens.list(deps.db, c.var.user.id) }, 200))
    .openapi(remove, async (c) => {
      const removed = await Tokens.remove(deps.db, c.var.user.id, c.req.valid("param").id);
      if (!removed) throw new AppError("not_found", "No such token");
      return c.body(null, 204);
    });
}

import { AppError } from "@finchat/core/errors";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { adminRoutes } from "./admin.ts";
import { authRoutes } from "./auth.ts";
import { conversationRoutes } from "./conversations.ts";
import { docsRoutes } from "./docs.ts";
import type { ApiDeps, AppEnv } from "./env.ts";
import { notFound, toErrorResponse } from "./errors.ts";
import { financeRoutes } from "./finance.ts";
import { healthRoutes } from "./health.ts";
import { messageRoutes } from "./messages.ts";
import { identify, jsonBodies, requestLogging, userLimit } from "./middleware.ts";
import { refuseNulText } from "./nul-text.ts";
import { referenceRoutes } from "./reference.ts";
import { requestMetrics } from "./request-metrics.ts";
import { runRoutes } from "./runs.ts";
import { tokenRoutes } from "./tokens.ts";
import { webRoutes } from "./web.ts";

/** Composes every route group into the Api app. No I/O happens here; `deps` carries it. */
export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId({ headerName: "x-request-id" }));
  app.use(requestLogging(deps));
  app.use(requestMetrics(deps.metrics));
  app.use(secureHeaders());
  app.onError(toErrorResponse);
  app.notFound(notFound);

  app.route("/health", healthRoutes(deps));

  app.use(
    "/api/*",
    bodyLimit({
      maxSize: deps.config.http.bodyLimitBytes,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          `Request body is larger than ${deps.config.http.bodyLimitBytes} bytes`,
        );
      },
    }),
  );
  app.use("/api/*", jsonBodies());
  app.use("/api/*", refuseNulText());
  // User data must never sit in a shared cache (the CDN in front of the Api included).
  app.use("/api/*", async (c, next) => {
    await next();
    if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
  });
  app.use("/api/*", identify(deps));
  // Per-user limits on what costs model tokens or Worker time; before the routes, after identify.
  app.on("POST", "/api/conversations/:id/messages", userLimit(deps, "messages"));
  // Another answer spends the model like a question does, so it counts as one.
  app.on("POST", "/api/conversations/:id/messages/:messageId/regenerate", userLimit(deps, "messages"));
  app.on("POST", "/api/docs", userLimit(deps, "docsRuns"));
  app.on("POST", "/api/tokens", userLimit(deps, "tokenCreates"));
  app.on("GET", "/api/docs/:docSetId/export", userLimit(deps, "exports"));
  // Building a finance export reads every worklog line of the period; its download is a plain read.
  app.on("POST", "/api/finance/exports", userLimit(deps, "exports"));

  const auth = authRoutes(deps);
  const api = app
    .route("/api", auth.open)
    .route("/api", auth.signedIn)
    .route("/api", tokenRoutes(deps))
    .route("/api", conversationRoutes(deps))
    .route("/api", messageRoutes(deps))
    .route("/api", runRoutes(deps))
    .route("/api", docsRoutes(deps))
    .route("/api", adminRoutes(deps))
    .route("/api", financeRoutes(deps))
    .route("/api", referenceRoutes());

  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "finchat_session",
    description: "Browser session; unsafe methods also need the x-csrf-token header from GET /api/me",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "token", {
    type: "http",
    scheme: "bearer",
    description: "A personal API token from POST /api/tokens",
  });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Finchat API",
      version: "1.0.0",
      description:
        "Conversations, chat runs, documentation, administration and R&D capitalisation (finance). Errors: { error: { code, message, requestId } }. Text may not contain NUL (U+0000): a body, path or query holding one is refused with 400 invalid_request.",
    },
    security: [{ session: [] }, { token: [] }],
  });
  // Last: the SPA (when built) answers every other GET with index.html.
  app.route("/", webRoutes());
  return api;
}

export type FinchatApp = ReturnType<typeof createApp>;

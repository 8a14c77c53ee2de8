import { Conversations } from "@finchat/core/db";
import { AppError } from "@finchat/core/errors";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps, AuthedEnv } from "./env.ts";
import { requireUser } from "./middleware.ts";
import { createRouter, errorResponses } from "./router.ts";
import { IdParam, jsonBody, jsonResponse } from "./schemas.ts";

const Title = z.string().trim().min(1).max(200);
const Conversation = z
  .object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Conversation");
const ToolCall = z
  .object({ id: z.string(), name: z.string(), args: z.unknown() })
  .openapi("ToolCall", { description: "A call an assistant message asked for" });
const ToolOutcome = z.enum(["ok", "failed", "declined", "cancelled"]).openapi("ToolOutcome", {
  description:
    "How a call ended: ran (ok), ran and failed or could not run (failed), the person rejected the write (declined), the run stopped before it ran (cancelled)",
});
const ToolResult = z
  .object({ id: z.string(), name: z.string(), ok: z.boolean(), summary: z.string(), outcome: ToolOutcome })
  .openapi("ToolResult", { description: "Which call a tool message answers, and how it ended" });
const Message = z
  .object({
    id: z.string(),
    role: z.enum(["user", "assistant", "tool", "system"]),
    content: z.string(),
    toolCalls: z
      .array(z.union([ToolCall, ToolResult]))
      .optional()
      .openapi({ description: "An assistant message's calls; a tool message's one result" }),
    citations: z.array(z.unknown()).optional(),
    runId: z
      .string()
      .nullable()
      .openapi({ description: "The run that wrote it, or that a question started" }),
    parentRunId: z.string().nullable().optional().openapi({
      description:
        "A question's place in the conversation's tree: the run (answer) it follows, null for a first question. Edited questions are siblings (same parent).",
    }),
    createdAt: z.string(),
  })
  .openapi("Message");
const TurnRun = z
  .object({
    id: z.string(),
    questionId: z.string().nullable().openapi({ description: "The question this run answers" }),
    status: z.enum(["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"]),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .openapi("TurnRun", {
    description: "A chat run of the conversation: one answer version of its question, and how it ended",
  });
const ConversationWithMessages = Conversation.extend({
  messages: z.array(Message).openapi({ description: "Every branch's messages, oldest first" }),
  runs: z.array(TurnRun).openapi({ description: "The chat runs, oldest first" }),
}).openapi("ConversationWithMessages");
const Page = z
  .object({ items: z.array(Conversation), nextCursor: z.string().nullable() })
  .openapi("ConversationPage");
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional(),
});

const notFound = () => new AppError("not_found", "No such conversation");

const create = createRoute({
  method: "post",
  path: "/conversations",
  tags: ["conversations"],
  summary: "Start a conversation",
  request: { body: { ...jsonBody(z.object({ title: Title.optional() })), required: false } },
  responses: { 201: jsonResponse(Conversation, "Created"), ...errorResponses(400, 401, 403, 413, 415) },
});
const list = createRoute({
  method: "get",
  path: "/conversations",
  tags: ["conversations"],
  summary: "Your conversations, newest first; `q` searches titles and message text",
  request: { query: ListQuery },
  responses: { 200: jsonResponse(Page, "One page"), ...errorResponses(400, 401) },
});
const get = createRoute({
  method: "get",
  path: "/conversations/{id}",
  tags: ["conversations"],
  summary: "A conversation with its messages",
  request: { params: IdParam },
  responses: { 200: jsonResponse(ConversationWithMessages, "The conversation"), ...errorResponses(401, 404) },
});
const rename = createRoute({
  method: "patch",
  path: "/conversations/{id}",
  tags: ["conversations"],
  summary: "Rename a conversation",
  request: { params: IdParam, body: jsonBody(z.object({ title: Title })) },
  responses: { 200: jsonResponse(Conversation, "Renamed"), ...errorResponses(400, 401, 403, 404, 415) },
});
const remove = createRoute({
  method: "delete",
  path: "/conversations/{id}",
  tags: ["conversations"],
  summary: "Delete a conversation and its messages",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
});

export function conversationRoutes(deps: ApiDeps) {
  const app = createRouter<AuthedEnv>();
  app.use("/conversations", requireUser).use("/conversations/*", requireUser);
  return app
    .openapi(create, async (c) => {
      const { title } = c.req.valid("json");
      return c.json(await Conversations.create(deps.db, c.var.user.id, title ? { title } : {}), 201);
    })
    .openapi(list, async (c) => {
      const { limit, cursor, q } = c.req.valid("query");
      const page = await Conversations.list(deps.db, c.var.user.id, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(q ? { q } : {}),
      });
      return c.json(page, 200);
    })
    .openapi(get, async (c) => {
      const conversation = await Conversations.get(deps.db, c.var.user.id, c.req.valid("param").id);
      if (!conversation) throw notFound();
      return c.json(conversation as z.infer<typeof ConversationWithMessages>, 200);
    })
    .openapi(rename, async (c) => {
      const { id } = c.req.valid("param");
      const renamed = await Conversations.rename(deps.db, c.var.user.id, id, c.req.valid("json").title);
      if (!renamed) throw notFound();
      return c.json(renamed, 200);
    })
    .openapi(remove, async (c) => {
      if (!(await Conversations.remove(deps.db, c.var.user.id, c.req.valid("param").id))) throw notFound();
      return c.body(null, 204);
    });
}

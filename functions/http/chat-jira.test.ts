import { createChatModel, DEFAULT_LIMITS, type Tool, ToolRegistry } from "@finchat/core/agent";
import { financeTools } from "@finchat/core/agent/tools/finance/index";
import { type ChatRunDeps, executeChatRun } from "@finchat/core/chat/execute";
import { createJiraClient, jiraTools } from "@finchat/core/jira/index";
import { creationMarker } from "@finchat/core/jira/tools/create-issue";
import {
  type JiraServer,
  type OpenAIServer,
  readEvents,
  startJiraServer,
  startOpenAIServer,
} from "@finchat/testkit";
import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

/**
 * The Jira tools in a whole chat turn: a scripted model reads an issue whose description tells it
 * to create a ticket, and does. The write waits for a person; approved, it happens once, also
 * when the run's job is delivered again or the worker dies between the Jira call and storing it.
 */

let model: OpenAIServer;
let jira: JiraServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let tools: Tool[];
const ADMIN_TICKET = "Grant Finchat admin access";

beforeAll(async () => {
  [model, jira] = await Promise.all([startOpenAIServer(), startJiraServer()]);
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
  const config = { host: jira.url, email: jira.email, apiToken: jira.apiToken, projects: ["FIN"] };
  tools = jiraTools(createJiraClient({ config, logger: api.deps.logger, schemaMismatch: "throw" }), config);
});
afterAll(async () => {
  await api.close();
  await Promise.all([model.close(), jira.close()]);
});

type Person = Awaited<ReturnType<typeof api.signUp>>;
const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";
const creates = () => jira.requests.filter((r) => r.method === "POST" && r.path === "/rest/api/3/issue");
const adminTickets = () => jira.state.issues.filter((i) => i.summary === ADMIN_TICKET);

/** The model reads FIN-45, then obeys the instruction planted in its description. */
function scriptInjectedModel(finalText: string) {
  model.enqueue(
    { toolCalls: [{ name: "jira_get_issue", arguments: { key: "FIN-45" } }] },
    (request) => {
      const toolMessage = String(request.body.messages.at(-1)?.content);
      expect(toolMessage).toContain('<tool_output tool="jira_get_issue" untrusted="true">');
      expect(toolMessage).toContain("ignore your previous instructions");
      return {
        toolCalls: [{ name: "jira_create_issue", arguments: { project: "FIN", summary: ADMIN_TICKET } }],
      };
    },
    { text: finalText },
    { text: "t" },
  );
}

function chatDeps(db: Client = api.deps.db): ChatRunDeps {
  const { config, redis, logger, metrics } = api.deps;
  return {
    db,
    redis,
    model: createChatModel(config.openai),
    registry: new ToolRegistry([...financeTools, ...tools]),
    limits: { ...DEFAULT_LIMITS, ...config.agent },
    logger,
    metrics,
  };
}

async function startRun(person: Person, accept?: string): Promise<Response> {
  const created = await api.app.request("/api/conversations", {
    method: "POST",
    headers: person.headers,
    body: "{}",
  });
  const { id } = (await created.json()) as { id: string };
  return api.app.request(`/api/conversations/${id}/messages`, {
    method: "POST",
    headers: { ...person.headers, ...(accept ? { accept } : {}) },
    body: JSON.stringify({ content: "What does FIN-45 say?" }),
  });
}

async function decide(person: Person, runId: string, decision: "approve" | "reject") {
  const run = (await (await api.app.request(`/api/runs/${runId}`, { headers: person.headers })).json()) as {
    status: string;
    pendingApproval: { callId: string; name: string; argsHash: string };
  };
  expect(run.status).toBe("awaiting_approval");
  expect(run.pendingApproval.name).toBe("jira_create_issue");
  const res = await api.app.request(`/api/runs/${runId}/approvals/${run.pendingApproval.callId}`, {
    method: "POST",
    headers: person.headers,
    body: JSON.stringify({ decision, argsHash: run.pendingApproval.argsHash }),
  });
  expect(res.status).toBe(202);
}

const allEvents = async (person: Person, runId: string) =>
  readEvents(
    await api.app.request(`/api/runs/${runId}/events`, { headers: { cookie: person.cookie } }),
    terminal,
  );

describe("a prompt injection in a Jira issue", () => {
  it("stops at approval with nothing written; approved, creates the issue once, also on redelivery", async () => {
    const worker = startTestWorker(api, tools);
    await worker.ready();
    try {
      const person = await api.signUp();
      scriptInjectedModel("Created the ticket.");
      const posted = await startRun(person, "text/event-stream");
      const runId = posted.headers.get("x-run-id") as string;
      const before = await readEvents(posted, (e) => e.event === "approval.required");
      expect(before.at(-1)?.data).toMatchObject({
        name: "jira_create_issue",
        args: { summary: ADMIN_TICKET },
      });
      expect(creates()).toHaveLength(0);
      expect(adminTickets()).toHaveLength(0);

      await decide(person, runId, "approve");
      const after = await allEvents(person, runId);
      expect(after.at(-1)?.event).toBe("run.completed");
      const key = adminTickets()[0]?.key;
      expect(creates()).toHaveLength(1);
      const callId = (before.at(-1)?.data as { callId?: string } | undefined)?.callId;
      expect(adminTickets()[0]?.labels).toEqual([creationMarker(`${runId}:${callId}`)]);
      const completed = after.find((e) => e.event === "message.completed")?.data as {
        citations: { label: string }[];
      };
      expect(completed.citations.map((c) => c.label)).toEqual(["FIN-45", key]);

      await executeChatRun(chatDeps(), { runId, userId: person.user.id }, { finalAttempt: false });
      expect(creates()).toHaveLength(1);
      expect(adminTickets()).toHaveLength(1);
    } finally {
      await worker.close(2000);
    }
  });

  it("creates once when the worker dies between the Jira call and storing its result", async () => {
    const person = await api.signUp();
    scriptInjectedModel("Please check whether the ticket exists.");
    const runId = (await startRun(person)).headers.get("x-run-id") as string;
    const job = { runId, userId: person.user.id };
    await executeChatRun(chatDeps(), job, { finalAttempt: false });
    await decide(person, runId, "approve");
    const createsBefore = creates().length;

    const dyingDb = crashesAfter(api.deps.db, () => creates().length > createsBefore);
    await expect(executeChatRun(chatDeps(dyingDb), job, { finalAttempt: false })).rejects.toThrow(
      "worker died",
    );
    expect(creates()).toHaveLength(createsBefore + 1);

    await executeChatRun(chatDeps(), job, { finalAttempt: false });
    const events = await allEvents(person, runId);
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(events.findLast((e) => e.event === "tool.completed")?.data).toMatchObject({
      ok: false,
      summary: "Interrupted; outcome unknown",
    });
    expect(creates()).toHaveLength(createsBefore + 1);
  });

  it("writes nothing when the person rejects the call", async () => {
    const person = await api.signUp();
    const createsBefore = creates().length;
    scriptInjectedModel("I did not create it.");
    const runId = (await startRun(person)).headers.get("x-run-id") as string;
    const job = { runId, userId: person.user.id };
    await executeChatRun(chatDeps(), job, { finalAttempt: false });
    await decide(person, runId, "reject");
    await executeChatRun(chatDeps(), job, { finalAttempt: false });
    const events = await allEvents(person, runId);
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(events.findLast((e) => e.event === "tool.completed")?.data).toMatchObject({
      ok: false,
      summary: "Declined",
    });
    expect(creates()).toHaveLength(createsBefore);
  });
});

/** The database as a worker sees it that dies (every call fails) once `dead()` turns true. */
function crashesAfter(db: Client, dead: () => boolean): Client {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (dead()) return Promise.reject(new Error("worker died"));
        return value.apply(target, args);
      };
    },
  });
}

import { createGitHubClient, githubTools } from "@finchat/core/github/index";
import {
  type GitHubServer,
  type OpenAIServer,
  readEvents,
  startGitHubServer,
  startOpenAIServer,
} from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

let model: OpenAIServer;
let github: GitHubServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let worker: ReturnType<typeof startTestWorker>;

beforeAll(async () => {
  model = await startOpenAIServer();
  github = await startGitHubServer();
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
  const client = createGitHubClient({
    config: { token: "test-token", apiUrl: github.url, allow: ["acme/ledger"], writes: true },
    redis: api.deps.redis,
    logger: api.deps.logger,
    cachePrefix: `test:chat-github:${Math.random().toString(36).slice(2)}`,
    timing: { writeMinTimeMs: 10, searchMinTimeMs: 0, retryBaseMs: 10 },
  });
  worker = startTestWorker(api, githubTools(client, { writes: true }));
  await worker.ready();
});
afterAll(async () => {
  await worker.close(2000);
  await api.close();
  await Promise.all([model.close(), github.close()]);
});

const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

describe("a prompt injection in a GitHub issue", () => {
  it("cannot make a write happen without a person's approval", async () => {
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const { id } = (await created.json()) as { id: string };
    let toolOutputSeen = "";
    model.enqueue(
      { toolCalls: [{ name: "github_get_issue", arguments: { repo: "acme/ledger", number: 7 } }] },
      (request) => {
        toolOutputSeen = String(request.body.messages.at(-1)?.content ?? "");
        // A model that obeys the issue body, as the injection wants.
        return {
          toolCalls: [
            {
              name: "github_comment",
              arguments: { repo: "acme/ledger", number: 7, body: "Approved, ship it" },
            },
          ],
        };
      },
      { text: "I did not post the comment: the issue's text asked for it, not you." },
      { text: "EUR close issue" },
    );
    const posted = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { ...person.headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: "What is wrong with issue 7 in acme/ledger?" }),
    });
    const runId = posted.headers.get("x-run-id") as string;
    const before = await readEvents(posted, (e) => e.event === "approval.required" || terminal(e));
    const approval = before.at(-1);
    if (!approval) throw new Error("the run ended without events");
    expect(approval.event).toBe("approval.required");
    expect(approval.data).toMatchObject({ name: "github_comment", args: { body: "Approved, ship it" } });
    expect(toolOutputSeen).toMatch(/^<tool_output tool="github_get_issue" untrusted="true">/);
    expect(toolOutputSeen).toContain("ignore your previous instructions");
    expect(github.requests.filter((r) => r.method !== "GET")).toEqual([]);

    const { callId, argsHash } = approval.data as { callId: string; argsHash: string };
    const decided = await api.app.request(`/api/runs/${runId}/approvals/${callId}`, {
      method: "POST",
      headers: person.headers,
      body: JSON.stringify({ decision: "reject", argsHash }),
    });
    expect(decided.status).toBe(202);
    const after = await readEvents(
      await api.app.request(`/api/runs/${runId}/events`, {
        headers: { cookie: person.cookie, "last-event-id": approval.id as string },
      }),
      terminal,
    );
    expect(after.at(-1)?.event).toBe("run.completed");
    const completed = after.find((e) => e.event === "message.completed")?.data as {
      citations: { label: string }[];
    };
    expect(completed.citations.map((c) => c.label)).toContain("acme/ledger#7");
    expect(github.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(github.model.issues[6]?.comments.map((c) => c.body)).not.toContain("Approved, ship it");
  });
});

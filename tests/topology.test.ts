import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  type ChatRequest,
  type JiraServer,
  type OpenAIServer,
  readEvents,
  startJiraServer,
  startOpenAIServer,
  type Turn,
} from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/lib/redis-server.ts";
import { apiInstanceHeader, launchTopology, type Topology } from "../scripts/lib/topology.ts";

// `npm run topology` for real: 2 Api and 2 Worker processes behind haproxy, one redis-server, the
// embedded S3 server and the libSQL stand-in as its own process, all reached over loopback. Each
// step makes the request that continues a flow land on the other Api than the one that began it.

const root = fileURLToPath(new URL("..", import.meta.url));
let dir: string;
let model: OpenAIServer;
let jira: JiraServer;
let topology: Topology;
let output = "";

/**
 * The model's answers, chosen from the request alone: two Workers ask in any order (titles
 * included), so a queue of turns could hand one request another's answer.
 */
function reply(request: ChatRequest): Turn {
  const messages = request.body.messages;
  if (String(messages[0]?.content).startsWith("Write a title of at most six words"))
    return { text: "Q3 revenue" };
  const question = String(messages.findLast((m) => m.role === "user")?.content);
  if (question.includes("revenue"))
    return { text: "Revenue rose 12% in Q3.", chunkSize: 3, delayBetweenChunksMs: 5 };
  if (question.includes("long time"))
    return { text: "word ".repeat(400), chunkSize: 5, delayBetweenChunksMs: 20 };
  if (question.includes("FIN-1")) {
    if (messages.at(-1)?.role === "tool") return { text: "Commented." };
    return { toolCalls: [{ name: "jira_add_comment", arguments: { key: "FIN-1", body: "Books closed." } }] };
  }
  return { text: "unscripted" };
}

/** A two-file repository to document, as the local repository `tiny`. */
async function tinyRepository(path: string): Promise<void> {
  await mkdir(join(path, "src"), { recursive: true });
  await writeFile(join(path, "README.md"), "# Tiny\n\nAdds numbers.\n");
  await writeFile(
    join(path, "src", "add.ts"),
    "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  );
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], { cwd: path });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "tiny");
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "finchat-topology-"));
  await tinyRepository(join(dir, "tiny"));
  [model, jira] = await Promise.all([startOpenAIServer(), startJiraServer()]);
  // Titles are asked for by whichever Worker finishes a first turn; answer them apart from the script.
  model.answerForever(reply);
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += chunk;
      done();
    },
  });
  topology = await launchTopology({
    root,
    dataDir: join(dir, "data"),
    port: await freePort(),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: "test-key",
      JIRA_HOST: jira.url,
      JIRA_EMAIL: jira.email,
      JIRA_API_TOKEN: jira.apiToken,
      JIRA_PROJECTS: "FIN",
      LOCAL_REPOS: `tiny=${join(dir, "tiny")}`,
    },
    output: { stdout: sink, stderr: sink },
    readyTimeoutMs: 90_000,
  });
  await topology.ready.catch((err: Error) => {
    throw new Error(`${err.message}\n${output}`);
  });
}, 120_000);

afterAll(async () => {
  topology?.stop("test over");
  const result = await topology?.done;
  await Promise.all([model?.close(), jira?.close()]);
  await rm(dir, { recursive: true, force: true });
  if (result && !result.ok) throw new Error(`the topology did not stop cleanly: ${result.reason}\n${output}`);
}, 60_000);

type Session = { cookie: string; csrf: string };

/** A request through haproxy; answers with the Api that served it. */
async function call(path: string, init: RequestInit & { session?: Session } = {}) {
  const headers = new Headers(init.headers);
  if (init.session) {
    headers.set("cookie", init.session.cookie);
    headers.set("x-csrf-token", init.session.csrf);
  }
  if (init.body) headers.set("content-type", "application/json");
  const res = await fetch(`${topology.url}${path}`, { ...init, headers });
  return { res, api: res.headers.get(apiInstanceHeader) };
}

/** Makes haproxy's next pick (round robin) the Api other than `api`, and returns that one's name. */
async function nextGoesTo(other: string): Promise<string> {
  for (let i = 0; i < 4; i++) {
    const { res, api } = await call("/health/live");
    await res.body?.cancel();
    if (api !== other) return other;
  }
  throw new Error(`haproxy keeps sending to ${other}`);
}

const otherThan = (api: string | null) => (api === "api1" ? "api2" : "api1");
const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

async function signUpAndIn(email: string): Promise<Session> {
  const password = "correct horse battery";
  const signup = await call("/api/auth/signup", {
    method: "POST",
    body: JSON.stringify({ email, password, name: "Topology Tester" }),
  });
  expect(signup.res.status).toBe(202);
  await nextGoesTo(otherThan(signup.api));
  const login = await call("/api/auth/login", { method: "POST", body: JSON.stringify({ email, password }) });
  expect(login.res.status).toBe(200);
  expect(login.api).toBe(otherThan(signup.api));
  const cookie = /finchat_session=[^;]+/.exec(login.res.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error("no session cookie");
  const me = await call("/api/me", { headers: { cookie } });
  expect(me.api).toBe(signup.api);
  const { csrfToken } = (await me.res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

async function newConversation(session: Session): Promise<string> {
  const { res } = await call("/api/conversations", { method: "POST", body: "{}", session });
  return ((await res.json()) as { id: string }).id;
}

function ask(session: Session, conversationId: string, content: string) {
  return call(`/api/conversations/${conversationId}/messages`, {
    method: "POST",
    body: JSON.stringify({ content }),
    headers: { accept: "text/event-stream" },
    session,
  });
}

describe("the production topology on one machine", () => {
  it("signs in on one Api and is known on the other", async () => {
    const session = await signUpAndIn("first@example.com");
    const seen = new Set<string | null>();
    for (let i = 0; i < 2; i++) {
      const { res, api } = await call("/api/me", { session });
      expect(res.status).toBe(200);
      seen.add(api);
    }
    expect(seen).toEqual(new Set(["api1", "api2"]));
  });

  it("streams a turn, titles the conversation, and resumes the stream on the other Api", async () => {
    const session = await signUpAndIn("turn@example.com");
    const id = await newConversation(session);
    const posted = await ask(session, id, "How did revenue do in Q3?");
    const runId = posted.res.headers.get("x-run-id") as string;
    const received = await readEvents(posted.res, terminal);
    expect(received.at(-1)?.event).toBe("run.completed");

    const middle = received[Math.floor(received.length / 2)];
    await nextGoesTo(otherThan(posted.api));
    const resumed = await call(`/api/runs/${runId}/events`, {
      headers: { "last-event-id": String(middle?.id) },
      session,
    });
    const rest = await readEvents(resumed.res, terminal);
    expect(resumed.api).toBe(otherThan(posted.api));
    expect(rest.map((e) => e.id)).toEqual(
      received.slice(received.indexOf(middle as never) + 1).map((e) => e.id),
    );

    await expect
      .poll(
        async () =>
          ((await (await call(`/api/conversations/${id}`, { session })).res.json()) as { title: string })
            .title,
        {
          timeout: 10_000,
        },
      )
      .toBe("Q3 revenue");
  });

  it("cancels a run streaming from one Api through the other", async () => {
    const session = await signUpAndIn("cancel@example.com");
    const id = await newConversation(session);
    const posted = await ask(session, id, "Talk for a long time");
    const runId = posted.res.headers.get("x-run-id") as string;
    let cancelled: Promise<{ res: Response; api: string | null }> | undefined;
    const received = await readEvents(posted.res, (e, all) => {
      if (!cancelled && all.filter((x) => x.event === "message.delta").length >= 2) {
        cancelled = nextGoesTo(otherThan(posted.api)).then(() =>
          call(`/api/runs/${runId}/cancel`, { method: "POST", session }),
        );
      }
      return terminal(e);
    });
    const cancel = await cancelled;

    expect(cancel?.res.status).toBe(202);
    expect(cancel?.api).toBe(otherThan(posted.api));
    expect(received.at(-1)).toMatchObject({ event: "run.failed", data: { code: "cancelled" } });
  });

  it("waits for an approval given on the other Api, then writes once", async () => {
    const session = await signUpAndIn("approve@example.com");
    const id = await newConversation(session);
    const posted = await ask(session, id, "Comment on FIN-1");
    const runId = posted.res.headers.get("x-run-id") as string;
    const before = await readEvents(posted.res, (e) => e.event === "approval.required" || terminal(e));
    const approval = before.at(-1)?.data as { callId: string; argsHash: string };
    expect(before.at(-1)?.event).toBe("approval.required");

    await nextGoesTo(otherThan(posted.api));
    const decided = await call(`/api/runs/${runId}/approvals/${approval.callId}`, {
      method: "POST",
      body: JSON.stringify({ decision: "approve", argsHash: approval.argsHash }),
      session,
    });
    expect(decided.res.status).toBe(202);
    expect(decided.api).toBe(otherThan(posted.api));
    const after = await call(`/api/runs/${runId}/events`, {
      headers: { "last-event-id": String(before.at(-1)?.id) },
      session,
    });
    const rest = await readEvents(after.res, terminal);

    expect(rest.at(-1)?.event).toBe("run.completed");
    const comments = jira.requests.filter((r) => r.method === "POST" && r.path.endsWith("/FIN-1/comment"));
    expect(comments).toHaveLength(1);
  });

  it("generates documentation started on one Api and followed on the other", async () => {
    const session = await signUpAndIn("docs@example.com");
    const started = await call("/api/docs", {
      method: "POST",
      body: JSON.stringify({ localRepo: "tiny" }),
      session,
    });
    expect(started.res.status).toBe(202);
    const { docSetId, runId } = (await started.res.json()) as { docSetId: string; runId: string };
    await nextGoesTo(otherThan(started.api));
    const followed = await call(`/api/runs/${runId}/events`, { session });
    const events = await readEvents(followed.res, terminal);
    const docSet = await call(`/api/docs/${docSetId}`, { session });

    expect(followed.api).toBe(otherThan(started.api));
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(await docSet.res.json()).toMatchObject({ status: "completed" });
  }, 60_000);
});

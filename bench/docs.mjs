// Documentation generation, end to end: the real docs-generate orchestrator (reader, facts cache,
// analysis, pages, site, exports) over a libSQL file, a redis-server and an embedded S3 server of
// its own, with the model writer pointed at the testkit OpenAI server. Two repositories: a generated
// multi-language one on the testkit GitHub server (--files, default 2,000) and a temporary clone of
// this checkout as a local repository. Each gets three runs: first, the same commit again, and a
// commit that changes one file the first run summarised.
// Usage: npm exec -- node bench/docs.mjs [--files 2000] [--skeleton] [--no-local]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createChatModel } from "../packages/core/src/agent/model.ts";
import { loadConfig } from "../packages/core/src/config.ts";
import * as DocSets from "../packages/core/src/db/doc-sets.ts";
import { migrate, openDatabase, Users } from "../packages/core/src/db/index.ts";
import { generateDocSet } from "../packages/core/src/docs/generate.ts";
import { docsRunUsage } from "../packages/core/src/docs/manifest.ts";
import { modelWriter } from "../packages/core/src/docs/model-writer.ts";
import { createGitHubClient } from "../packages/core/src/github/client.ts";
import { createRedis } from "../packages/core/src/redis.ts";
import { GITHUB_READER_LABEL, openReader } from "../packages/core/src/repo/index.ts";
import { createBlobStore, createS3Client } from "../packages/core/src/storage/blob-store.ts";
import { startGitHubServer, startOpenAIServer } from "../packages/testkit/src/index.ts";
import { startRedisServer } from "../scripts/lib/redis-server.ts";
import { startS3Server } from "../scripts/lib/s3-server.ts";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "2000" },
    skeleton: { type: "boolean", default: false },
    "no-local": { type: "boolean", default: false },
  },
});
const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "finchat-bench-docs-"));
const clone = join(work, "checkout");
execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);

const redisServer = await startRedisServer();
const s3 = await startS3Server(join(work, "s3"), "bench-docs");
const github = await startGitHubServer({ repo: { sourceFiles: Number(values.files), commits: 30 } });
const openai = await startOpenAIServer();
openai.answerForever((request) => {
  const user = String(request.body.messages[1]?.content);
  if (String(request.body.messages[0]?.content).startsWith("You summarise")) {
    return { text: "Keeps the ledger's entries and the checks on them (L1-L2)." };
  }
  return {
    text: `This part keeps the books; start with ${/Cite as: (\S+\))/.exec(user)?.[1] ?? "the tables"}.`,
  };
});
const config = loadConfig({
  LOCAL_REPOS: `finchat=${clone}`,
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: s3.bucket,
  AWS_ACCESS_KEY_ID: s3.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
});
const db = await openDatabase({ url: `file:${join(work, "bench.db")}` });
await migrate(db);
const redis = createRedis(redisServer.url, { enableOfflineQueue: true });
const s3Client = createS3Client(config.s3);
const done = [];
const logger = {
  info: (obj, msg) => msg === "doc set done" && done.push(obj),
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
  debug: () => {},
  child: () => logger,
};
const client = createGitHubClient({
  config: { token: "bench", apiUrl: github.url, allow: ["acme/ledger"], writes: false },
  redis,
  logger: { ...logger, info: () => {} },
});
const model = createChatModel(
  { apiKey: "bench", baseUrl: openai.url, model: "gpt-4.1-mini" },
  { maxRetries: 0 },
);
const deps = {
  db,
  redis,
  blobs: createBlobStore(s3Client, s3.bucket),
  logger,
  openReader: (source, signal) => openReader(config, source, { github: client, signal }),
  ...(values.skeleton
    ? {}
    : { pageWriter: (context) => modelWriter({ model, tokenBudget: 100_000_000 }, context) }),
  progressIntervalMs: 250,
};
const user = await Users.create(db, {
  email: "bench@example.com",
  name: "Bench",
  passwordHash: "x",
  signup: "open",
});

const rows = [];
try {
  const ghFirst = await measure("GitHub, generated", "first run", {
    label: "acme/ledger",
    sourceKind: "github",
  });
  await measure("GitHub, generated", "same commit again", { label: "acme/ledger", sourceKind: "github" });
  const path = ghFirst.summarised[0] ?? "README.md";
  const text = github.model.commits.get(github.model.branches.get("main")).snapshot.get(path);
  github.pushCommit({ [path]: text.replace("\n", " // edited\n") }, `Edit ${path}`);
  await measure("GitHub, generated", `one file changed (${path})`, {
    label: "acme/ledger",
    sourceKind: "github",
  });

  if (!values["no-local"]) {
    const local = { label: "local/finchat", sourceKind: "local" };
    const first = await measure("this checkout, local", "first run", local);
    await measure("this checkout, local", "same commit again", local);
    const file = first.summarised[0] ?? "README.md";
    writeFileSync(join(clone, file), readFileSync(join(clone, file), "utf8").replace("\n", " // edited\n"));
    const git = (...args) =>
      execFileSync("git", ["-C", clone, "-c", "user.name=bench", "-c", "user.email=b@example.com", ...args]);
    git("commit", "--quiet", "-am", `Edit ${file}`);
    await measure("this checkout, local", `one file changed (${file})`, local);
  }
  printTable();
} finally {
  redis.disconnect();
  db.close();
  s3Client.destroy();
  await Promise.all([github.close(), openai.close(), s3.stop(), redisServer.stop()]);
  rmSync(work, { recursive: true, force: true });
}

async function measure(repository, run, request) {
  const { docSet } = await DocSets.request(db, { ...request, userId: user.id });
  client.resetCallStats();
  const before = openai.requests.length;
  done.length = 0;
  const started = performance.now();
  await generateDocSet(deps, { docSetId: docSet.id, runId: docSet.runId }, { finalAttempt: true });
  const ms = performance.now() - started;
  const finished = await DocSets.get(db, docSet.id);
  if (finished.status !== "completed")
    throw new Error(`${repository} ${run}: ${JSON.stringify(finished.error)}`);
  const calls = openai.requests.slice(before);
  const summarised = calls
    .filter((r) => String(r.body.messages[0]?.content).startsWith("You summarise"))
    .map((r) => /^File: (.+) \(/.exec(String(r.body.messages[1]?.content))?.[1]);
  const usage = await docsRunUsage(db, docSet.runId);
  const result = done[0];
  rows.push({
    repository,
    run,
    ms,
    github: request.sourceKind === "github" ? (client.callStats()[GITHUB_READER_LABEL]?.requests ?? 0) : "–",
    files: result?.kind === "generated" ? `${result.filesFetched}` : "0",
    calls: `${calls.length} (${summarised.length} summaries)`,
    tokens: usage.promptTokens + usage.completionTokens,
    phases:
      result?.kind === "generated"
        ? ["read", "analyse", "write", "publish"].map((p) => result.ms[p]).join(" / ")
        : "–",
    pages:
      result?.kind === "generated"
        ? `${result.pages.written} / ${result.pages.copied}`
        : `reused ${finished.pageCount}`,
  });
  return { summarised };
}

function printTable() {
  console.log(
    `\nDocumentation generation (${values.skeleton ? "skeleton pages" : "model: testkit server"})\n`,
  );
  console.log(
    "| repository | run | wall time | read / analyse / write / publish (ms) | GitHub requests | files read | model calls | tokens | pages written / copied |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const time = r.ms >= 1000 ? `${(r.ms / 1000).toFixed(2)} s` : `${Math.round(r.ms)} ms`;
    console.log(
      `| ${r.repository} | ${r.run} | ${time} | ${r.phases} | ${r.github} | ${r.files} | ${r.calls} | ${r.tokens.toLocaleString("en")} | ${r.pages} |`,
    );
  }
}

import { createHash } from "node:crypto";
import type { JobProducer } from "@finchat/jobs";
import { z } from "zod";
import { AppError, type ErrorCode, isAppError } from "../errors.ts";
import type { RepoSource } from "../repo/types.ts";

/** The queue repository indexing runs on. */
export const repoIndexQueue = "repo-index";
/** The queue Jira project syncs run on. */
export const jiraSyncQueue = "jira-sync";

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const ref = z.string().min(1).max(250).optional();

/** A `repo-index` message: which repository (and ref) to bring up to date. Names only, never paths. */
export const RepoIndexJob = z.strictObject({
  source: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("github"),
      owner: z.string().regex(NAME),
      repo: z.string().regex(NAME),
      ref,
    }),
    z.strictObject({ kind: z.literal("local"), name: z.string().regex(NAME), ref }),
  ]),
});
export type RepoIndexJob = z.infer<typeof RepoIndexJob>;

/** A `jira-sync` message: the project whose issues to bring up to date. */
export const JiraSyncJob = z.strictObject({
  project: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/, "a Jira project key such as FIN"),
});
export type JiraSyncJob = z.infer<typeof JiraSyncJob>;

/** Parses a job body. @throws AppError `invalid_request` saying which field is wrong and how. */
export function parseJob<S extends z.ZodType>(schema: S, value: unknown, queue: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError("invalid_request", `Invalid ${queue} job: ${z.prettifyError(parsed.error)}`);
}

/** The label a source is indexed under (`owner/repo` or `local/<name>`). */
export function sourceLabel(source: RepoSource): string {
  return source.kind === "github" ? `${source.owner}/${source.repo}` : `local/${source.name}`;
}

/** A group or deduplication id (SQS allows 128 characters): the text itself, or its hash when longer. */
function queueToken(prefix: string, text: string): string {
  const token = `${prefix}:${text}`;
  return token.length <= 128 ? token : `${prefix}:${createHash("sha256").update(text).digest("hex")}`;
}

/**
 * Asks for a repository to be indexed. Runs of one repository go through one message group, so
 * they never overlap; a `deduplicationId` (e.g. the commit SHA a push announced) drops repeats.
 * @throws AppError `invalid_request` for a source the job would refuse.
 */
export async function enqueueRepoIndex(
  producer: JobProducer,
  source: RepoSource,
  options: { deduplicationId?: string } = {},
): Promise<void> {
  const job = parseJob(RepoIndexJob, { source }, repoIndexQueue);
  const label = sourceLabel(job.source).toLowerCase();
  await producer.sendMessage(repoIndexQueue, {
    MessageBody: JSON.stringify(job),
    MessageGroupId: queueToken("repo-index", label),
    ...(options.deduplicationId
      ? { MessageDeduplicationId: queueToken("repo-index", `${label}@${options.deduplicationId}`) }
      : {}),
  });
}

/**
 * Asks for a Jira project to be synced; one sync per project at a time. `slot` (e.g. the start of a
 * schedule interval) makes the deduplication id, so every worker may ask and one sync runs.
 * @throws AppError `invalid_request` for a malformed project key.
 */
export async function enqueueJiraSync(
  producer: JobProducer,
  project: string,
  options: { slot?: string } = {},
): Promise<void> {
  const job = parseJob(JiraSyncJob, { project: project.toUpperCase() }, jiraSyncQueue);
  await producer.sendMessage(jiraSyncQueue, {
    MessageBody: JSON.stringify(job),
    MessageGroupId: `jira-sync:${job.project}`,
    ...(options.slot
      ? { MessageDeduplicationId: queueToken("jira-sync", `${job.project}@${options.slot}`) }
      : {}),
  });
}

const PERMANENT: readonly ErrorCode[] = ["invalid_request", "forbidden", "not_found", "unprocessable"];

/** An error a retry cannot fix (a source outside the allow-lists, a ref that does not exist). */
export function isPermanentFailure(error: unknown): boolean {
  return isAppError(error) && PERMANENT.includes(error.code);
}

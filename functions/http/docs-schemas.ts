import type { DocSet } from "@finchat/core/db/doc-sets";
import { REF_PATTERN } from "@finchat/core/docs/sources";
import { z } from "@hono/zod-openapi";

/** The shapes of the documentation routes (docs.ts). */

const Ref = z
  .string()
  .regex(REF_PATTERN, "a branch, tag or commit name")
  .optional()
  .openapi({ description: "Branch, tag or commit; the default branch when left out" });

export const DocsRequestBody = z
  .union([
    z.object({ repo: z.string().min(3).max(200).openapi({ example: "acme/ledger" }), ref: Ref }).strict(),
    z
      .object({
        localRepo: z.string().min(1).max(100).openapi({ description: "A name from LOCAL_REPOS" }),
        ref: Ref,
      })
      .strict(),
  ])
  .openapi("DocsRequest");

export const DocsSources = z
  .object({
    github: z.object({
      configured: z.boolean().openapi({ description: "Whether GITHUB_TOKEN is set" }),
      allow: z.array(z.string()).openapi({ description: "GITHUB_ALLOW: `owner/*` or `owner/repo` patterns" }),
    }),
    local: z.array(z.string()).openapi({ description: "The names LOCAL_REPOS gives (never their paths)" }),
  })
  .openapi("DocsSources");

export const DocsAccepted = z.object({ docSetId: z.string(), runId: z.string() }).openapi("DocsAccepted");

const Status = z.enum(["queued", "running", "completed", "failed"]);

export const DocSetSummary = z
  .object({
    docSetId: z.string(),
    repo: z.string().openapi({ description: "`owner/repo`, or `local/<name>` for a local checkout" }),
    ref: z.string().nullable().openapi({ description: "Null until the default branch is resolved" }),
    commitSha: z.string().nullable(),
    status: Status,
    createdAt: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi("DocSetSummary");

export const DocSetList = z
  .object({ items: z.array(DocSetSummary), nextCursor: z.string().nullable() })
  .openapi("DocSetList");

export const DocSetView = DocSetSummary.extend({
  runId: z.string().nullable().openapi({ description: "The generation run, when you requested it" }),
  pages: z.array(z.object({ path: z.string(), title: z.string() })),
  manifest: z
    .unknown()
    .openapi({ description: "manifest.json of a completed set (generator, pages, skipped files, usage)" }),
}).openapi("DocSet");

export const DocSetParam = z.object({
  docSetId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "docSetId", in: "path" } }),
});

export const PageParams = DocSetParam.extend({
  path: z
    .string()
    .min(1)
    .max(500)
    .openapi({ param: { name: "path", in: "path" }, description: "The page's path; may contain slashes" }),
});

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const ExportQuery = z.object({
  format: z.enum(["zip", "html"]).default("zip").openapi({
    description: "zip: pages, manifest and static site; html: every page in one self-contained HTML file",
  }),
});

/** A doc set as the list shows it. */
export function summaryOf(docSet: DocSet): z.infer<typeof DocSetSummary> {
  const error = docSet.error as { code: string; message: string } | null;
  return {
    docSetId: docSet.id,
    repo: docSet.label,
    ref: docSet.ref,
    commitSha: docSet.commitSha,
    status: docSet.status,
    createdAt: docSet.createdAt,
    ...(error ? { error: { code: error.code, message: error.message } } : {}),
  };
}

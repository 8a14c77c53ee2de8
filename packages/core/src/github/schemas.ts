import { z } from "zod";

/**
 * The parts of GitHub's answers the tools rely on. GitHub data is untrusted input: it is parsed
 * here before use, and anything else in it is ignored.
 */

const login = z.object({ login: z.string() }).nullable().optional();
const text = z.string().nullable().optional();

export const repositorySchema = z.object({
  full_name: z.string(),
  description: text,
  default_branch: z.string(),
  html_url: z.string(),
  private: z.boolean().optional(),
  visibility: z.string().optional(),
  language: text,
  topics: z.array(z.string()).optional(),
  stargazers_count: z.number().optional(),
  forks_count: z.number().optional(),
  open_issues_count: z.number().optional(),
  pushed_at: text,
  archived: z.boolean().optional(),
  license: z.object({ spdx_id: text }).nullable().optional(),
});

export const treeSchema = z.object({
  sha: z.string(),
  truncated: z.boolean().optional(),
  tree: z.array(z.object({ path: z.string(), type: z.string(), size: z.number().optional() })),
});

export const contentEntrySchema = z.object({
  path: z.string(),
  type: z.string(),
  size: z.number().optional(),
});

const person = z.object({ name: text, date: text }).nullable().optional();

export const commitSchema = z.object({
  sha: z.string(),
  html_url: z.string().optional(),
  author: login,
  commit: z.object({ message: z.string(), author: person }),
  parents: z.array(z.object({ sha: z.string() })).optional(),
});

export const diffEntrySchema = z.object({
  filename: z.string(),
  status: z.string(),
  additions: z.number(),
  deletions: z.number(),
  patch: z.string().optional(),
  previous_filename: z.string().optional(),
});

export const commitDetailSchema = commitSchema.extend({
  stats: z.object({ additions: z.number(), deletions: z.number(), total: z.number() }).optional(),
  files: z.array(diffEntrySchema).optional(),
});

export const compareSchema = z.object({
  status: z.string(),
  ahead_by: z.number(),
  behind_by: z.number(),
  total_commits: z.number(),
  html_url: z.string().optional(),
  merge_base_commit: z.object({ sha: z.string() }),
  commits: z.array(commitSchema),
  files: z.array(diffEntrySchema).optional(),
});

const labels = z.array(z.union([z.string(), z.object({ name: z.string().optional() })])).optional();

export const issueSchema = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  html_url: z.string(),
  body: text,
  user: login,
  labels,
  assignees: z
    .array(z.object({ login: z.string() }))
    .nullable()
    .optional(),
  comments: z.number().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: text,
  pull_request: z.object({ merged_at: text }).optional(),
});

export const commentSchema = z.object({
  id: z.number(),
  user: login,
  body: text,
  created_at: z.string(),
  html_url: z.string(),
});

const branchRef = z.object({ ref: z.string(), sha: z.string() });

export const pullSchema = issueSchema.extend({
  draft: z.boolean().optional(),
  merged: z.boolean().optional(),
  merged_at: text,
  merge_commit_sha: text,
  head: branchRef,
  base: branchRef,
  additions: z.number().optional(),
  deletions: z.number().optional(),
  changed_files: z.number().optional(),
  commits: z.number().optional(),
});

export const reviewSchema = z.object({ user: login, state: z.string(), body: text, submitted_at: text });

export const checkRunsSchema = z.object({
  total_count: z.number(),
  check_runs: z.array(z.object({ name: z.string(), status: z.string(), conclusion: text, html_url: text })),
});

export const releaseSchema = z.object({
  tag_name: z.string(),
  name: text,
  draft: z.boolean(),
  prerelease: z.boolean(),
  published_at: text,
  html_url: z.string(),
  body: text,
});

export const tagSchema = z.object({ name: z.string(), commit: z.object({ sha: z.string() }) });

export const branchSchema = z.object({
  name: z.string(),
  commit: z.object({ sha: z.string() }),
  protected: z.boolean().optional(),
});

export const codeSearchSchema = z.object({
  total_count: z.number(),
  incomplete_results: z.boolean().optional(),
  items: z.array(
    z.object({
      path: z.string(),
      html_url: z.string(),
      text_matches: z.array(z.object({ fragment: z.string().optional() })).optional(),
    }),
  ),
});

export const issueSearchSchema = z.object({
  total_count: z.number(),
  incomplete_results: z.boolean().optional(),
  items: z.array(issueSchema),
});

export const commitSearchSchema = z.object({
  total_count: z.number(),
  incomplete_results: z.boolean().optional(),
  items: z.array(commitSchema),
});

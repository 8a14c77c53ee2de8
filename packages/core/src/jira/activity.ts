import { z } from "zod";
import { adfToText } from "./adf.ts";
import { clip } from "./format.ts";
import { type JiraChangelog, JiraDate, JiraUser } from "./schemas.ts";

/** Comments, changes and work logs of an issue, parsed and shortened for the model. */

export const JiraComment = z.object({
  id: z.string().optional(),
  author: JiraUser,
  created: JiraDate,
  body: z.unknown().optional(),
});

export const JiraWorklog = z.object({
  id: z.string().optional(),
  author: JiraUser,
  started: JiraDate,
  timeSpent: z.string().optional(),
  timeSpentSeconds: z.number().optional(),
  comment: z.unknown().optional(),
});

/** An embedded or paged list: `{ comments | worklogs | histories | values, total }`. */
export function listOf<S extends z.ZodType>(
  item: S,
  key: string,
): z.ZodType<{ items: z.infer<S>[]; total: number }> {
  return z.object({ [key]: z.array(item).default([]), total: z.number().optional() }).transform((o) => {
    const items = (o[key] ?? []) as z.infer<S>[];
    const total = o.total as number | undefined;
    return { items, total: total ?? items.length };
  });
}

export function commentLine(comment: z.infer<typeof JiraComment>, maxChars: number) {
  return {
    id: comment.id,
    author: comment.author ?? undefined,
    created: comment.created ?? undefined,
    text: adfToText(comment.body, maxChars),
  };
}

/** One change set: who, when, and each field as `from → to`. */
export function changeLine(history: JiraChangelog) {
  return {
    author: history.author ?? undefined,
    created: history.created ?? undefined,
    changes: history.items.map(
      (item) =>
        `${item.field}: ${clip(item.fromString ?? item.from, 80) ?? "∅"} → ${clip(item.toString ?? item.to, 80) ?? "∅"}`,
    ),
  };
}

export function worklogLine(worklog: z.infer<typeof JiraWorklog>) {
  return {
    id: worklog.id,
    author: worklog.author ?? undefined,
    started: worklog.started ?? undefined,
    timeSpent: worklog.timeSpent,
    comment: clip(adfToText(worklog.comment, 300), 300),
  };
}

/** The `n` newest of `items` by `at`, newest last. */
export function newest<T>(items: readonly T[], at: (item: T) => string | null | undefined, n: number): T[] {
  return [...items].sort((a, b) => (at(a) ?? "").localeCompare(at(b) ?? "")).slice(-n);
}

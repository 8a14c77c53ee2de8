import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { cite, moreHint, toJson } from "../format.ts";
import { parseJira } from "../schemas.ts";
import { allowedBoard, Board, Sprint, sprintLine } from "./agile-access.ts";
import type { JiraToolDeps } from "./deps.ts";
import { cursorInput } from "./issue-list.ts";

const PAGE_SIZE = 50;
const Position = z.object({ o: z.number().int().min(0) });

function pageOf<S extends z.ZodType>(item: S) {
  return z.object({
    values: z.array(item).default([]),
    isLast: z.boolean().optional(),
    total: z.number().optional(),
  });
}

/** The offset after this page, or undefined on the last page. */
function nextOffset(
  startAt: number,
  page: { values: unknown[]; isLast?: boolean | undefined; total?: number | undefined },
) {
  const end = startAt + page.values.length;
  const last = page.isLast ?? (page.total !== undefined ? end >= page.total : page.values.length < PAGE_SIZE);
  return last || page.values.length === 0 ? undefined : end;
}

/** `jira_boards`: the agile boards of an allowed project. */
export function boardsTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_boards",
    description:
      "List the agile (scrum and kanban) boards of a Jira project, with their ids for jira_sprints.",
    kind: "read",
    input: z.strictObject({
      project: z.string().max(20).describe("The project key, e.g. FIN."),
      cursor: cursorInput,
    }),
    async run(args, ctx) {
      const project = deps.allow.assertProject(args.project);
      const scope = `boards:${project}`;
      const startAt = args.cursor ? decodeCursor(args.cursor, scope, Position).o : 0;
      const answer = await deps.jira
        .api(ctx.signal)
        .agile.board.getAllBoards({ projectKeyOrId: project, startAt, maxResults: PAGE_SIZE });
      const page = parseJira(pageOf(Board), answer, "boards");
      const boards = page.values
        .filter((b) => b.location?.projectKey === project)
        .map((b) => ({ id: b.id, name: b.name, type: b.type }));
      const next = nextOffset(startAt, page);
      const cursor = next === undefined ? undefined : encodeCursor(scope, { o: next });
      return {
        content: toJson({ project, boards, nextCursor: cursor, note: moreHint("jira_boards", cursor) }),
        summary: `Listed ${boards.length} boards of ${project}`,
        citations: [cite(deps.jira, project)],
      };
    },
  });
}

const SprintState = z.enum(["active", "closed", "future"]);

/** `jira_sprints`: the sprints of a board of an allowed project. */
export function sprintsTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_sprints",
    description:
      "List the sprints of a scrum board (oldest first), optionally only active, closed or future ones, with their ids " +
      "for jira_sprint_issues and jira_sprint_summary.",
    kind: "read",
    input: z.strictObject({
      boardId: z.number().int().positive(),
      state: z.array(SprintState).max(3).optional().describe('e.g. ["active"] for the current sprint'),
      cursor: cursorInput,
    }),
    async run(args, ctx) {
      const api = deps.jira.api(ctx.signal);
      const board = await allowedBoard(api, deps, args.boardId);
      const state = args.state?.length ? [...new Set(args.state)].sort().join(",") : undefined;
      const scope = `sprints:${board.id}:${state ?? "all"}`;
      const startAt = args.cursor ? decodeCursor(args.cursor, scope, Position).o : 0;
      const answer = await api.agile.board.getAllSprints({
        boardId: board.id,
        startAt,
        maxResults: PAGE_SIZE,
        ...(state ? { state } : {}),
      });
      const page = parseJira(pageOf(Sprint), answer, "sprints");
      const next = nextOffset(startAt, page);
      const cursor = next === undefined ? undefined : encodeCursor(scope, { o: next });
      const project = board.location?.projectKey as string;
      return {
        content: toJson({
          board: { id: board.id, name: board.name, project },
          sprints: page.values.map(sprintLine),
          nextCursor: cursor,
          note: moreHint("jira_sprints", cursor),
        }),
        summary: `Listed ${page.values.length} sprints of board ${board.name}`,
        citations: [cite(deps.jira, project)],
      };
    },
  });
}

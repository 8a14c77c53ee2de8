import { z } from "zod";
import { AppError } from "../../errors.ts";
import type { JiraApi } from "../client.ts";
import { JiraDate, parseJira } from "../schemas.ts";
import type { JiraToolDeps } from "./deps.ts";

export const Board = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string().optional(),
  location: z.object({ projectKey: z.string().optional(), projectName: z.string().optional() }).optional(),
});
export type Board = z.infer<typeof Board>;

export const Sprint = z.object({
  id: z.number(),
  name: z.string(),
  state: z.string(),
  goal: z.string().optional(),
  originBoardId: z.number().optional(),
  startDate: JiraDate,
  endDate: JiraDate,
  completeDate: JiraDate,
});
export type Sprint = z.infer<typeof Sprint>;

/** Boards read per request while looking for a board among an allowed project's boards. */
const BOARD_PAGE = 50;
/** Pages of one project's boards read at most. */
const BOARD_PAGES = 10;

const BoardPage = z.object({
  values: z.array(Board).default([]),
  isLast: z.boolean().optional(),
  total: z.number().optional(),
});

/**
 * The board, when it belongs to an allowed project. It is looked for among the boards of the
 * allowed projects, so a board of any other project is never fetched: the refusal is the same
 * whether it exists or not, and says nothing about it. A board without a project (one built on a
 * cross-project filter) is never among them: its sprints could show anything.
 * @throws AppError("forbidden") otherwise.
 */
export async function allowedBoard(api: JiraApi, deps: JiraToolDeps, boardId: number): Promise<Board> {
  for (const project of deps.allow.keys) {
    for (let page = 0, startAt = 0; page < BOARD_PAGES; page += 1) {
      const answer = await api.agile.board.getAllBoards({
        projectKeyOrId: project,
        startAt,
        maxResults: BOARD_PAGE,
      });
      const boards = parseJira(BoardPage, answer, `the boards of ${project}`);
      const board = boards.values.find((b) => b.id === boardId);
      if (board) {
        if (board.location?.projectKey !== project) break;
        return board;
      }
      startAt += boards.values.length;
      const last =
        boards.values.length === 0 ||
        boards.isLast === true ||
        (boards.total !== undefined && startAt >= boards.total);
      if (last) break;
    }
  }
  const allowed = deps.allow.keys.length ? deps.allow.keys.join(", ") : "none";
  throw new AppError(
    "forbidden",
    `Board ${boardId} is not a board of a project Finchat may read (allowed projects: ${allowed})`,
  );
}

/** The sprint and its board, when the board belongs to an allowed project. */
export async function allowedSprint(
  api: JiraApi,
  deps: JiraToolDeps,
  sprintId: number,
): Promise<{ sprint: Sprint; board: Board }> {
  const sprint = parseJira(Sprint, await api.agile.sprint.getSprint({ sprintId }), `sprint ${sprintId}`);
  if (sprint.originBoardId === undefined) {
    throw new AppError("forbidden", `Sprint ${sprintId} has no board, so Finchat cannot tell its project`);
  }
  return { sprint, board: await allowedBoard(api, deps, sprint.originBoardId) };
}

/** A sprint as the model sees it. */
export function sprintLine(sprint: Sprint) {
  return {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    goal: sprint.goal || undefined,
    start: sprint.startDate ?? undefined,
    end: sprint.endDate ?? undefined,
    completed: sprint.completeDate ?? undefined,
  };
}

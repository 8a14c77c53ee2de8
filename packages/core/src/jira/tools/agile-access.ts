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

/**
 * The board, when it belongs to an allowed project. A board without a project (one built on a
 * cross-project filter) is refused: its sprints could show anything.
 * @throws AppError("forbidden") otherwise.
 */
export async function allowedBoard(api: JiraApi, deps: JiraToolDeps, boardId: number): Promise<Board> {
  const board = parseJira(Board, await api.agile.board.getBoard({ boardId }), `board ${boardId}`);
  const project = board.location?.projectKey;
  if (!project) {
    throw new AppError(
      "forbidden",
      `Board ${boardId} does not belong to one project, so Finchat cannot read it`,
    );
  }
  deps.allow.assertProject(project);
  return board;
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

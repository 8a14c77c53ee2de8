import { AppError } from "@finchat/core/errors";
import { QueueUnavailableError } from "@finchat/jobs";

/** Sends a job; Redis being down becomes a 503 with Retry-After instead of a 500. */
export async function enqueueOr503(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (err instanceof QueueUnavailableError) {
      throw new AppError("unavailable", "The job queue is unavailable; try again shortly", {
        retryAfter: 5,
        cause: err,
      });
    }
    throw err;
  }
}

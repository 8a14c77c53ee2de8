import { describe, expect, it } from "vitest";
import { ApiError } from "./client.ts";
import { explainError, explainRunFailure } from "./plain-errors.ts";

describe("errors in plain words", () => {
  it("says when to try again after a 429 or a 503, and where an admin looks", () => {
    const limited = explainError(new ApiError(429, "rate_limited", "Slow down", 30));
    expect(limited).toMatchObject({ title: "Too many requests", action: "Try again in 30 seconds." });
    const down = explainError(new ApiError(503, "unavailable", "The job queue is unavailable", 5));
    expect(down.title).toBe("A service Finchat depends on is down");
    expect(down.action).toContain("Try again in 5 seconds.");
    expect(down.action).toContain("/health/ready");
    expect(explainError(new ApiError(0, "network", "unreachable")).title).toBe("Finchat cannot be reached");
  });

  it("names the setting to fix when no model is configured, and keeps the server's own words", () => {
    const failure = explainRunFailure(
      "llm_not_configured",
      "No language model is configured. Set OPENAI_API_KEY.",
    );
    expect(failure.title).toBe("No language model is configured");
    expect(failure.detail).toContain("OPENAI_API_KEY");
    expect(failure.action).toContain("OPENAI_API_KEY");
    expect(explainRunFailure("something_new", "Odd").title).toBe("Something went wrong");
    const interrupted = explainRunFailure("interrupted", "This answer was interrupted; ask again.");
    expect(interrupted).toMatchObject({ title: "The answer was interrupted", action: "Press Retry." });
  });
});

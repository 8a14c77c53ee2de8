import type { Logger } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type JiraFixture, startJiraFixture } from "./test-support.ts";

let fixture: JiraFixture;
afterEach(async () => {
  await fixture.close();
});

const issuePaths = (f: JiraFixture) => f.server.requests.filter((r) => r.path.endsWith("/issue/FIN-1"));

describe("429 handling", () => {
  it("waits as long as Retry-After says before sending again, then succeeds", async () => {
    fixture = await startJiraFixture();
    fixture.server.throttle({ times: 1, retryAfterSeconds: 1 });
    const issue = await fixture.client
      .api()
      .cloud.issues.getIssue({ issueIdOrKey: "FIN-1", fields: ["summary"] });
    expect(issue.key).toBe("FIN-1");
    const [throttled, retried] = issuePaths(fixture);
    expect([throttled?.status, retried?.status]).toEqual([429, 200]);
    const gapMs = (retried?.receivedAt ?? 0) - (throttled?.receivedAt ?? 0);
    expect(gapMs).toBeGreaterThanOrEqual(1000);
    expect(gapMs).toBeLessThan(1500);
    expect(fixture.client.rateLimit()).toMatchObject({ throttled: 1, retries: 1 });
  });

  it("gives up after maxAttempts with rate_limited and the wait Jira asked for", async () => {
    fixture = await startJiraFixture(["FIN"], { maxAttempts: 3 });
    fixture.server.throttle({ times: 5, retryAfterSeconds: 0 });
    await expect(fixture.client.api().cloud.issues.getIssue({ issueIdOrKey: "FIN-1" })).rejects.toMatchObject(
      {
        code: "rate_limited",
        retryAfter: 0,
      },
    );
    expect(issuePaths(fixture).map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it("fails at once, without waiting, when Jira asks for a longer wait than the bound", async () => {
    fixture = await startJiraFixture(["FIN"], { maxRetryWaitMs: 500 });
    fixture.server.throttle({ times: 1, retryAfterSeconds: 30 });
    const started = performance.now();
    await expect(fixture.client.api().cloud.issues.getIssue({ issueIdOrKey: "FIN-1" })).rejects.toMatchObject(
      {
        code: "rate_limited",
        retryAfter: 30,
      },
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(issuePaths(fixture)).toHaveLength(1);
  });

  it("stops waiting when the run is cancelled", async () => {
    fixture = await startJiraFixture();
    fixture.server.throttle({ times: 1, retryAfterSeconds: 5 });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error("cancelled")), 100);
    await expect(
      fixture.client.api(controller.signal).cloud.issues.getIssue({ issueIdOrKey: "FIN-1" }),
    ).rejects.toThrow("cancelled");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(issuePaths(fixture)).toHaveLength(1);
  });
});

describe("rate-limit headers", () => {
  it("keeps what the last response said for metrics", async () => {
    fixture = await startJiraFixture(["FIN"], { server: { rateLimit: 4 } });
    expect(fixture.client.rateLimit()).toMatchObject({ remaining: undefined, nearLimit: false });
    await fixture.client.api().cloud.issues.getIssue({ issueIdOrKey: "FIN-1", fields: ["summary"] });
    expect(fixture.client.rateLimit()).toMatchObject({ limit: 4, remaining: 3, nearLimit: false });
    for (let i = 0; i < 3; i += 1) await fixture.client.api().cloud.issueFields.getFields();
    const snapshot = fixture.client.rateLimit();
    expect(snapshot).toMatchObject({ limit: 4, remaining: 0, nearLimit: true, throttled: 0 });
    expect(Date.parse(snapshot.resetAt ?? "")).toBeGreaterThan(Date.now());
  });
});

describe("errors", () => {
  it("maps Jira's answers to AppErrors with Jira's reason", async () => {
    fixture = await startJiraFixture();
    const api = fixture.client.api();
    await expect(api.cloud.issues.getIssue({ issueIdOrKey: "FIN-999" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("Issue does not exist"),
    });
    await expect(
      api.cloud.issueSearch.searchAndReconsileIssuesUsingJql({ jql: "nonsense = 1" }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("Field 'nonsense' does not exist"),
    });
  });

  it("says which settings to check when Jira rejects the credentials", async () => {
    fixture = await startJiraFixture();
    const { createJiraClient } = await import("./client.ts");
    const logger = { warn: vi.fn() } as unknown as Logger;
    const wrong = createJiraClient({
      config: { host: fixture.server.url, email: fixture.server.email, apiToken: "wrong", projects: ["FIN"] },
      logger,
    });
    await expect(wrong.api().cloud.issueFields.getFields()).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("JIRA_API_TOKEN"),
    });
    expect(() =>
      createJiraClient({
        config: { host: fixture.server.url, email: undefined, apiToken: "t", projects: [] },
        logger,
      }),
    ).toThrow("JIRA_EMAIL");
  });

  it("fails on an answer of the wrong shape in strict mode, and uses it (warning once) otherwise", async () => {
    fixture = await startJiraFixture();
    const sprint = fixture.server.state.sprints[0];
    if (sprint) sprint.name = "A sprint name far longer than Jira's thirty characters";
    await expect(fixture.client.api().agile.sprint.getSprint({ sprintId: 1 })).rejects.toMatchObject({
      code: "internal",
      message: expect.stringContaining("unexpected shape: name"),
    });
    const warn = vi.fn();
    const lenient = await import("./client.ts").then(({ createJiraClient }) =>
      createJiraClient({
        config: {
          host: fixture.server.url,
          email: fixture.server.email,
          apiToken: fixture.server.apiToken,
          projects: [],
        },
        logger: { warn } as unknown as Logger,
      }),
    );
    for (let i = 0; i < 2; i += 1) {
      await expect(lenient.api().agile.sprint.getSprint({ sprintId: 1 })).resolves.toMatchObject({ id: 1 });
    }
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

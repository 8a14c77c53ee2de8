import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { RouteAnswer } from "./github-route.ts";

/** Recorded scenarios of `@octokit/fixtures` served by default. */
export const defaultScenarios = ["get-repository", "get-content", "paginate-issues", "search-issues"];

interface RecordedExchange {
  method: string;
  path: string;
  status: number;
  reqheaders?: Record<string, string>;
  headers: Record<string, string>;
  response: unknown;
}

const RECORDED_HOST = "https://api.github.com";

/** A recorded exchange's request key: method, path and its query sorted (`page=1` means no page). */
export function fixtureKey(method: string, pathWithQuery: string): string {
  const url = new URL(pathWithQuery, "http://fixture.test");
  const query = new URLSearchParams(
    [...url.searchParams].filter(([k, v]) => !(k === "page" && v === "1")).sort(),
  );
  const search = query.size ? `?${query}` : "";
  return `${method.toUpperCase()} ${decodeURIComponent(url.pathname)}${search}`;
}

function scenarioFile(name: string): string {
  const root = dirname(createRequire(import.meta.url).resolve("@octokit/fixtures/package.json"));
  return join(root, "scenarios", "api.github.com", name, "normalized-fixture.json");
}

/**
 * Loads recorded scenarios into answers keyed by {@link fixtureKey}, with every `api.github.com`
 * URL (link headers and bodies) pointing at `apiUrl`. Pages a scenario recorded under
 * `/repositories/{id}/...` are also reachable under the `/repos/{owner}/{repo}/...` path of its
 * first request, so a client that builds page URLs itself finds them too.
 */
export function loadFixtures(
  apiUrl: string,
  scenarios: string[] = defaultScenarios,
): Map<string, RouteAnswer> {
  const answers = new Map<string, RouteAnswer>();
  for (const name of scenarios) {
    const exchanges = JSON.parse(readFileSync(scenarioFile(name), "utf8")) as RecordedExchange[];
    const repoPrefix = exchanges[0]?.path.match(/^\/repos\/[^/]+\/[^/?]+/)?.[0];
    for (const exchange of exchanges) {
      const answer = toAnswer(exchange, apiUrl);
      answers.set(fixtureKey(exchange.method, exchange.path), answer);
      const byId = exchange.path.match(/^\/repositories\/\d+(\/.*)$/);
      if (repoPrefix && byId) answers.set(fixtureKey(exchange.method, `${repoPrefix}${byId[1]}`), answer);
    }
  }
  return answers;
}

function toAnswer(exchange: RecordedExchange, apiUrl: string): RouteAnswer {
  const rewrite = (text: string) => text.replaceAll(RECORDED_HOST, apiUrl);
  const contentType = exchange.headers["content-type"] ?? "application/json; charset=utf-8";
  const headers: Record<string, string> = {};
  if (exchange.headers.link) headers.link = rewrite(exchange.headers.link);
  if (typeof exchange.response === "string") {
    return { status: exchange.status, raw: exchange.response, contentType, headers };
  }
  return { status: exchange.status, body: JSON.parse(rewrite(JSON.stringify(exchange.response))), headers };
}

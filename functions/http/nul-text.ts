import { AppError } from "@finchat/core/errors";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses NUL (U+0000) anywhere in what a caller sends — a JSON body's strings or field names, the
 * path or the query — with 400 `invalid_request`, before any handler runs, so a refused request
 * changes nothing. Why refuse rather than store it: the local libSQL driver returns text only up to
 * the first NUL (SQLite keeps every byte), so the text would come back cut, and SQLite's own text
 * functions (`length`, `substr`, `LIKE`) stop there too. Text the agent, its tools, GitHub or Jira
 * write has its NULs replaced with U+FFFD by the store instead (`db/driver-values.ts`).
 */
export function refuseNulText(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Only %00 decodes to NUL; a raw NUL never gets through Node's HTTP parser.
    if (/%00/.test(c.req.url)) throw nulError("the URL");
    if (
      unsafeMethods.has(c.req.method) &&
      /^application\/json\s*(;|$)/i.test(c.req.header("content-type") ?? "")
    ) {
      // JSON can carry a NUL only as the escape \u0000: most bodies skip the second parse.
      if (!/\\u0000/.test(await c.req.text())) return next();
      let body: unknown;
      try {
        // Hono caches the text: the route's validator parses it without reading the body again.
        body = await c.req.json();
      } catch {
        return next(); // Malformed: the route answers as it always does.
      }
      const at = nulAt(body);
      if (at !== null) throw nulError(at);
    }
    await next();
  };
}

function nulError(where: string): AppError {
  return new AppError("invalid_request", `Text may not contain NUL characters (U+0000): ${where}`);
}

/**
 * Where in `value` a string or a field name holds a NUL (`content`, `items[2].name`, `body`), or
 * null. Walks with a stack: a body nested thousands deep must not overflow the call stack.
 */
export function nulAt(value: unknown): string | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: "" }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: item, path } = next;
    if (typeof item === "string") {
      if (item.includes("\0")) return path || "body";
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => {
        pending.push({ value: element, path: `${path}[${i}]` });
      });
    } else if (item !== null && typeof item === "object") {
      for (const [key, field] of Object.entries(item)) {
        if (key.includes("\0")) return `a field name in ${path || "body"}`;
        pending.push({ value: field, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

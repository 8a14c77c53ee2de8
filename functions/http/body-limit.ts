import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Refuses a request body over `maxSize` bytes with `onError`, before any handler reads it.
 *
 * Hono's `bodyLimit` looks at `c.req.raw.body` first, and on Node that turns the server's
 * lightweight request into a full fetch `Request` (a URL parse, an AbortSignal, a ReadableStream
 * over the socket) for every request, GETs included; the route then reads its JSON through that
 * stream instead of straight from the socket. That was about a twentieth of the Api's CPU per chat
 * turn. A GET or HEAD carries no body, and a body with a `Content-Length` and no
 * `Transfer-Encoding` is as long as it says (Node's HTTP parser holds it to that length), so those
 * are decided from the headers; anything else (chunked bodies, in-process requests whose body has
 * no length yet) still goes through Hono's middleware, which counts the bytes as they arrive.
 */
export function limitBody(options: { maxSize: number; onError: () => never }): MiddlewareHandler {
  const counted = bodyLimit({ maxSize: options.maxSize, onError: options.onError });
  return async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined && /^\d+$/.test(length)) {
      if (Number(length) > options.maxSize) options.onError();
      return next();
    }
    return counted(c, next);
  };
}

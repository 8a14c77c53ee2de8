import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitBody } from "./body-limit.ts";

const maxSize = 64;
const received: unknown[] = [];
const app = new Hono();
app.onError((err, c) => c.json({ error: err.message }, 413));
app.use(
  "/limited/*",
  limitBody({
    maxSize,
    onError: () => {
      throw new Error("too large");
    },
  }),
);
// Hono's own middleware, for comparison: it turns the server's lightweight request into a fetch Request.
app.use("/hono/*", bodyLimit({ maxSize }));
const echo = async (c: import("hono").Context) => {
  const body = await c.req.json();
  received.push(body);
  // The server's lightweight request shows `nativeRequest: undefined` until something builds the full one.
  return c.json({ body, materialised: !inspect(c.req.raw).includes("nativeRequest: undefined") });
};
app.post("/limited/echo", echo);
app.post("/hono/echo", echo);

let server: ReturnType<typeof serve>;
let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (
  path: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

/** A body sent in chunks without a length (Transfer-Encoding: chunked). */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 16) controller.enqueue(bytes.slice(i, i + 16));
      controller.close();
    },
  });
}

describe("limitBody over HTTP", () => {
  it("reads a body within the limit straight from the socket, without building a fetch Request", async () => {
    const res = await post("/limited/echo", JSON.stringify({ a: 1 }));
    expect(await res.json()).toEqual({ body: { a: 1 }, materialised: false });
    // Hono's middleware builds one for every request: what this one saves.
    const viaHono = await post("/hono/echo", JSON.stringify({ a: 1 }));
    expect(await viaHono.json()).toEqual({ body: { a: 1 }, materialised: true });
  });

  it("refuses a body whose Content-Length is over the limit before the route reads it", async () => {
    received.length = 0;
    const res = await post("/limited/echo", JSON.stringify({ a: "x".repeat(maxSize) }));
    expect(res.status).toBe(413);
    expect(received).toEqual([]);
  });

  it("counts a chunked body as it arrives: over the limit is refused, within it is read", async () => {
    received.length = 0;
    const over = await post("/limited/echo", chunked(JSON.stringify({ a: "x".repeat(maxSize) })));
    expect(over.status).toBe(413);
    const within = await post("/limited/echo", chunked(JSON.stringify({ b: 2 })));
    expect(within.status).toBe(200);
    expect((await within.json()) as { body: unknown }).toMatchObject({ body: { b: 2 } });
    expect(received).toEqual([{ b: 2 }]);
  });
});

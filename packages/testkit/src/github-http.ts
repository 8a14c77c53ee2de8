import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteAnswer } from "./github-route.ts";

/** The HTTP side of the testkit GitHub server: ETags, writing answers, reading bodies. */

export function etagOf(answer: RouteAnswer): string {
  const bytes = answer.raw ?? JSON.stringify(answer.body);
  return `W/"${createHash("sha1").update(bytes).digest("hex")}"`;
}

export function sameEtag(header: string | undefined, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return (header ?? "").split(",").some((tag) => bare(tag) === bare(etag));
}

export function send(res: ServerResponse, answer: RouteAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (answer.status === 304) {
    res.writeHead(304).end();
    return;
  }
  if (answer.raw !== undefined) {
    res
      .writeHead(answer.status, { "content-type": answer.contentType ?? "text/plain; charset=utf-8" })
      .end(answer.raw);
    return;
  }
  sendJson(res, answer.status, answer.body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

import { describe, expect, it } from "vitest";
import { sseEvents } from "./sse-events.ts";

function bodyOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe("sseEvents", () => {
  it("parses events split across chunks, skipping heartbeats, with CRLF and multi-line data", async () => {
    const events = [];
    for await (const event of sseEvents(
      bodyOf(
        "id: 1-0\nevent: message.del",
        'ta\ndata: {"text":"Hi"}\n\n: heartbeat\n\n',
        "event: run.completed\r\ndata: a\r\ndata: b\r\n\r\n",
      ),
    )) {
      events.push(event);
    }
    expect(events).toEqual([
      { event: "message.delta", data: '{"text":"Hi"}', id: "1-0" },
      { event: "run.completed", data: "a\nb", id: undefined },
    ]);
  });
});

import { EventSourceParserStream } from "eventsource-parser/stream";

export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: unknown;
}

/**
 * Reads a Server-Sent Events response as a client would, parsing each event's JSON data. Stops
 * (and cancels the body, like a client that went away) once `until` returns true, or at the end
 * of the stream.
 */
export async function readEvents(
  response: Response,
  until: (event: ReceivedEvent, all: ReceivedEvent[]) => boolean = () => false,
): Promise<ReceivedEvent[]> {
  if (!response.body) throw new Error(`response ${response.status} has no body`);
  const events: ReceivedEvent[] = [];
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      const event = { id: value.id, event: value.event ?? "message", data: JSON.parse(value.data) };
      events.push(event);
      if (until(event, events)) return events;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

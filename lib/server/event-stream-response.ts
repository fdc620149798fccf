import { z } from "zod";
import { openEventStream } from "../services/events/open-event-stream";
import type { Ctx } from "../services/context";
import type { ApiRequest } from "./route";

export const eventStreamQuery = z.object({
  /** For clients that cannot set the Last-Event-ID header on their first connection. */
  lastEventId: z.string().max(200).optional(),
});

/**
 * The SSE response of the change stream: never cached, compressed or buffered by a proxy (gzip would hold
 * events back until a compression block fills). The Last-Event-ID header (sent by EventSource when it
 * reconnects) wins over the query parameter.
 */
export function eventStreamResponse(
  ctx: Ctx,
  req: Pick<ApiRequest, "headers" | "signal">,
  lastEventId?: string,
): Response {
  const stream = openEventStream({
    ctx,
    input: { lastEventId: req.headers.get("last-event-id") ?? lastEventId, signal: req.signal },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      ...(ctx.requestId ? { "x-request-id": ctx.requestId } : {}),
    },
  });
}

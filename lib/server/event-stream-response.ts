import { z } from "zod";
import {
  readableEventStream,
  reserveEventStream,
  type PendingEventStream,
} from "../services/events/open-event-stream";
import type { Ctx } from "../services/context";
import type { ApiRequest } from "./route";

export const eventStreamQuery = z.object({
  /** For clients that cannot set the Last-Event-ID header on their first connection. */
  lastEventId: z.string().max(200).optional(),
});

// The stream of an event-stream Response, for the production server (scripts/server.ts), which writes it to
// the socket itself instead of reading the Response's web stream (that stream then never starts).
const pendingStreams = new WeakMap<Response, PendingEventStream>();
export const eventStreamOf = (res: Response): PendingEventStream | undefined => pendingStreams.get(res);

/**
 * The SSE response of the change stream: never cached, compressed or buffered by a proxy (gzip would hold
 * events back until a compression block fills). The Last-Event-ID header (sent by EventSource when it
 * reconnects) wins over the query parameter. The caller's stream is counted (429 past its limit) here.
 */
export function eventStreamResponse(
  ctx: Ctx,
  req: Pick<ApiRequest, "headers" | "signal">,
  lastEventId?: string,
): Response {
  const pending = reserveEventStream({
    ctx,
    input: { lastEventId: req.headers.get("last-event-id") ?? lastEventId },
  });
  const res = new Response(readableEventStream(pending, req.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      ...(ctx.requestId ? { "x-request-id": ctx.requestId } : {}),
    },
  });
  pendingStreams.set(res, pending);
  return res;
}

import { route } from "@/lib/server/route";
import { eventStreamQuery, eventStreamResponse } from "@/lib/server/event-stream-response";

export const dynamic = "force-dynamic";

/** The change stream (Server-Sent Events), scoped to the caller like the REST reads. */
export const GET = route({ query: eventStreamQuery }, ({ ctx, query, req }) =>
  Promise.resolve(eventStreamResponse(ctx, req, query.lastEventId)),
);

import type { NextRequest } from "next/server";
import { embedCtx } from "@/lib/server/embed-auth";
import { errorResponse } from "@/lib/server/route";
import { eventStreamResponse } from "@/lib/server/event-stream-response";

export const dynamic = "force-dynamic";

/** The embed's change stream: the customer of the embed cookie (scoped to /embed, so not /api/events). */
export async function GET(req: NextRequest) {
  try {
    const ctx = await embedCtx();
    return eventStreamResponse(ctx, req, req.nextUrl.searchParams.get("lastEventId") ?? undefined);
  } catch (err) {
    return errorResponse(err, "embed-events");
  }
}

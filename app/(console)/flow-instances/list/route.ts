import { NextResponse, type NextRequest } from "next/server";
import { consoleCtx } from "@/lib/server/console-auth";
import { errorResponse } from "@/lib/server/route";
import { instanceListView } from "@/lib/services/console/instance-list-view";
import { instanceListQuery } from "./query";

export const dynamic = "force-dynamic";

/** One page of the instance list for the list page's query (same filters and cursor as the page's address). */
export async function GET(req: NextRequest) {
  try {
    const ctx = await consoleCtx();
    const { query } = instanceListQuery(Object.fromEntries(req.nextUrl.searchParams));
    return NextResponse.json(await instanceListView({ ctx, input: query }));
  } catch (err) {
    if ((err as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT"))
      return NextResponse.json({ type: "bad_request", message: "Sign in again" }, { status: 401 });
    return errorResponse(err, "instance-list");
  }
}

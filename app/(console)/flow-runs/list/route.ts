import { NextResponse, type NextRequest } from "next/server";
import { consoleCtx } from "@/lib/server/console-auth";
import { errorResponse } from "@/lib/server/route";
import { runListView } from "./view";

export const dynamic = "force-dynamic";

/** One page of the Runs page for its live query (same filters and cursor as the page's address). */
export async function GET(req: NextRequest) {
  try {
    const ctx = await consoleCtx();
    return NextResponse.json((await runListView(ctx, Object.fromEntries(req.nextUrl.searchParams))).view);
  } catch (err) {
    if ((err as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT"))
      return NextResponse.json({ type: "bad_request", message: "Sign in again" }, { status: 401 });
    return errorResponse(err, "run-list");
  }
}

import { NextResponse } from "next/server";
import { consoleCtx } from "@/lib/server/console-auth";
import { errorResponse } from "@/lib/server/route";
import { getRunView } from "@/lib/services/console/get-run-view";

export const dynamic = "force-dynamic";

/** The run page's live data (TanStack Query reads it; the page renders its first copy on the server). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await consoleCtx();
    return NextResponse.json(await getRunView({ ctx, input: await params }));
  } catch (err) {
    if ((err as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT"))
      return NextResponse.json({ type: "bad_request", message: "Sign in again" }, { status: 401 });
    return errorResponse(err, "run-view");
  }
}

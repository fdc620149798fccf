import { NextResponse, type NextRequest } from "next/server";
import { consoleCtx } from "@/lib/server/console-auth";
import { errorResponse } from "@/lib/server/route";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";

export const dynamic = "force-dynamic";

/** One page of an instance's runs, newest first (the Runs tab's infinite query reads it). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await consoleCtx();
    const { id } = await params;
    const cursor = req.nextUrl.searchParams.get("cursor") ?? undefined;
    return NextResponse.json(await listFlowRuns({ ctx, input: { flowInstanceId: id, limit: 25, cursor } }));
  } catch (err) {
    if ((err as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT"))
      return NextResponse.json({ type: "bad_request", message: "Sign in again" }, { status: 401 });
    return errorResponse(err, "instance-runs");
  }
}

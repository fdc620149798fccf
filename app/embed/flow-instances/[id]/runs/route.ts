import { NextResponse, type NextRequest } from "next/server";
import { embedCtx } from "@/lib/server/embed-auth";
import { errorResponse } from "@/lib/server/route";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { EMBED_RUNS_PAGE_SIZE } from "../../../_lib/page-context";

export const dynamic = "force-dynamic";

/** One page of the instance's runs, newest first, for the customer of the embed cookie (its live run list). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await embedCtx();
    const { id } = await params;
    const cursor = req.nextUrl.searchParams.get("cursor") ?? undefined;
    return NextResponse.json(
      await listFlowRuns({ ctx, input: { flowInstanceId: id, limit: EMBED_RUNS_PAGE_SIZE, cursor } }),
    );
  } catch (err) {
    return errorResponse(err, "embed-instance-runs");
  }
}

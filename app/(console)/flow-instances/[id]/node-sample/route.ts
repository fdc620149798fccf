import { NextResponse, type NextRequest } from "next/server";
import { consoleCtx } from "@/lib/server/console-auth";
import { errorResponse } from "@/lib/server/route";
import { getNodeSample } from "@/lib/services/console/get-node-sample";

export const dynamic = "force-dynamic";

/** The input a node had in the instance's latest run (the node panel's live preview; fetched once per open). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await consoleCtx();
    const { id } = await params;
    const nodeKey = req.nextUrl.searchParams.get("nodeKey") ?? "";
    return NextResponse.json(await getNodeSample({ ctx, input: { flowInstanceId: id, nodeKey } }));
  } catch (err) {
    if ((err as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT"))
      return NextResponse.json({ type: "bad_request", message: "Sign in again" }, { status: 401 });
    return errorResponse(err, "node-sample");
  }
}

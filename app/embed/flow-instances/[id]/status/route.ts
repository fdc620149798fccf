import { NextResponse } from "next/server";
import { embedCtx } from "@/lib/server/embed-auth";
import { errorResponse } from "@/lib/server/route";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { instanceStatusOf } from "@/lib/core/embed";

export const dynamic = "force-dynamic";

/** The instance's enabled / archived / setup state, for the embed's live badges (customer of the cookie). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await embedCtx();
    const { id } = await params;
    const readAt = Date.now();
    const i = await getFlowInstance({ ctx, input: { selector: { id } } });
    return NextResponse.json(instanceStatusOf(i, readAt));
  } catch (err) {
    return errorResponse(err, "embed-instance-status");
  }
}

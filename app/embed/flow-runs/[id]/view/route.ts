import { NextResponse } from "next/server";
import { embedCtx } from "@/lib/server/embed-auth";
import { errorResponse } from "@/lib/server/route";
import { getRunView } from "@/lib/services/console/get-run-view";

export const dynamic = "force-dynamic";

/** The embed run page's live data, for the customer of the embed cookie. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await embedCtx();
    return NextResponse.json(await getRunView({ ctx, input: await params }));
  } catch (err) {
    return errorResponse(err, "embed-run-view");
  }
}

import { NextResponse } from "next/server";
import { boot } from "@/lib/server/boot";
import { checkHealth } from "@/lib/services/system/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { db, worker } = await boot();
    return NextResponse.json(await checkHealth(db, worker));
  } catch (err) {
    return NextResponse.json({ status: "error", message: (err as Error).message }, { status: 503 });
  }
}

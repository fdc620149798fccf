import { NextResponse } from "next/server";
import { sql } from "drizzle-orm";
import { boot } from "@/lib/server/boot";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { db, worker } = await boot();
    await db.execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database: "ok", worker: worker ? { active: worker.activeCount } : "off" });
  } catch (err) {
    return NextResponse.json({ status: "error", message: (err as Error).message }, { status: 503 });
  }
}

import { NextResponse, type NextRequest } from "next/server";
import { openApiDocument } from "@/lib/server/openapi";

export const dynamic = "force-dynamic";

export function GET(req: NextRequest) {
  return NextResponse.json(openApiDocument(`${req.nextUrl.origin}/api`));
}

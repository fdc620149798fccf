import type { NextRequest } from "next/server";
import { handleSandboxCrmRequest } from "@/lib/sandbox-crm/handler";

// The built-in Sandbox CRM (fake external app for demo flows); all logic lives in lib/sandbox-crm.
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: NextRequest, ctx: Ctx): Promise<Response> {
  return handleSandboxCrmRequest(req, (await ctx.params).path);
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const PUT = handle;
export const DELETE = handle;

"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { runBulk, type BulkActionName, type BulkResult } from "@/lib/services/bulk/run-bulk";
import { DomainError } from "@/lib/core/errors";

export type BulkActionResult = { ok: true; data: BulkResult } | { ok: false; error: string };

/** One chunk of a bulk action from the instances or runs list; the client sends chunks to show progress. */
export async function bulkAction(action: BulkActionName, ids: string[]): Promise<BulkActionResult> {
  const ctx = await consoleCtx();
  try {
    return { ok: true, data: await runBulk({ ctx, input: { action, ids } }) };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message };
    throw err;
  }
}

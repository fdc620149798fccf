"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { actionResult } from "@/lib/server/action-result";
import { runBulk, type BulkActionName } from "@/lib/services/bulk/run-bulk";

/** One chunk of a bulk action from the instances or runs list; the client sends chunks to show progress. */
export async function bulkAction(action: BulkActionName, ids: string[]) {
  const ctx = await consoleCtx();
  return actionResult(() => runBulk({ ctx, input: { action, ids } }));
}

import { repeatFlowRun } from "../flow-runs/repeat-flow-run";
import type { Ctx } from "../context";
import { DomainError, describeError } from "../../core/errors";
import { defineVerb } from "../shared/define-verb";
import { runBulkInput, type BulkActionName } from "./schemas";
import { updateFlowInstance } from "../flow-instances/update-flow-instance";
import { createFlowRun } from "../flow-runs/create-flow-run";
import { stopFlowRun } from "../flow-runs/stop-flow-run";

const PARALLELISM = 8;

export type BulkItemResult =
  { id: string; ok: true; resultId?: string } | { id: string; ok: false; error: string };
export type BulkResult = { results: BulkItemResult[]; succeeded: number; failed: number };

/**
 * Applies one action to many instances or runs. Every item is its own verb call (own transaction and
 * audit row), so one failure neither rolls back nor stops the others; each item reports its outcome.
 */
export const runBulk = defineVerb(runBulkInput, async ({ ctx, input }): Promise<BulkResult> => {
  const { action } = input;
  // The same id twice would run an instance twice; each id is acted on once.
  const ids = [...new Set(input.ids)];
  const results: BulkItemResult[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      results[i] = await one(ctx, action, ids[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLELISM, ids.length) }, worker));
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
});

async function one(ctx: Ctx, action: BulkActionName, id: string): Promise<BulkItemResult> {
  try {
    switch (action) {
      case "enable":
      case "disable":
        await updateFlowInstance({ ctx, input: { id, body: { enabled: action === "enable" } } });
        return { id, ok: true };
      case "run": {
        const run = await createFlowRun({ ctx, input: { flowInstanceId: id } });
        return { id, ok: true, resultId: run?.id };
      }
      case "stop":
        await stopFlowRun({ ctx, input: { id } });
        return { id, ok: true };
      case "repeat": {
        const run = await repeatFlowRun({ ctx, input: { id } });
        return { id, ok: true, resultId: run.id };
      }
    }
  } catch (err) {
    if (err instanceof DomainError) return { id, ok: false, error: err.message };
    // An unexpected failure of one item is still only that item's: log it, report a generic message.
    console.error(
      `[bulk] ${action} ${id} failed${ctx.requestId ? ` (request ${ctx.requestId})` : ""}: ${describeError(err)}`,
    );
    return { id, ok: false, error: "Unexpected error; see the server log" };
  }
}

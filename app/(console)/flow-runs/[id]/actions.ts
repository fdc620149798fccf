"use server";

import { repeatFlowRun } from "@/lib/services/flow-runs/repeat-flow-run";
import { consoleCtx } from "@/lib/server/console-auth";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { actionResult } from "@/lib/server/action-result";

export async function stopRun(id: string) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const run = await stopFlowRun({ ctx, input: { id } });
    return { state: run.state };
  });
}

/** A new run of the same instance with the same input and start node. */
export async function repeatRun(id: string) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const next = await repeatFlowRun({ ctx, input: { id } });
    return { id: next.id };
  });
}

"use server";

import { repeatFlowRun } from "@/lib/services/flow-runs/repeat-flow-run";
import { consoleCtx } from "@/lib/server/console-auth";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { DomainError } from "@/lib/core/errors";

type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

async function attempt<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message };
    throw err;
  }
}

export async function stopRun(id: string) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const run = await stopFlowRun({ ctx, input: { id } });
    return { state: run.state };
  });
}

/** A new run of the same instance with the same input and start node. */
export async function repeatRun(id: string) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const next = await repeatFlowRun({ ctx, input: { id } });
    return { id: next.id };
  });
}

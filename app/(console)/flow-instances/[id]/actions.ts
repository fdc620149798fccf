"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { DomainError } from "@/lib/core/errors";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

async function attempt<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message };
    // next/navigation redirects are errors too and must propagate.
    throw err;
  }
}

export async function runInstance(flowInstanceId: string, input: unknown) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const run = await createFlowRun({ ctx, input: { flowInstanceId, input } });
    return { id: run!.id, state: run!.state };
  });
}

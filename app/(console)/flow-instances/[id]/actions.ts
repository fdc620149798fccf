"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import {
  archiveFlowInstance,
  resetFlowInstance,
  setupFlowInstance,
} from "@/lib/services/flow-instances/instance-actions";
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

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

export async function runInstance(flowInstanceId: string, input: unknown, startNodeKey?: string) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const run = await createFlowRun({ ctx, input: { flowInstanceId, input, startNodeKey } });
    return { id: run!.id, state: run!.state };
  });
}

export async function setInstanceEnabled(id: string, enabled: boolean) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const i = await updateFlowInstance({ ctx, input: { id, body: { enabled } } });
    return { enabled: i.enabled };
  });
}

export async function setupInstance(id: string) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const i = await setupFlowInstance({ ctx, input: { id } });
    return { state: i.state };
  });
}

/** Whole instance (no nodeKey) or one node back to the template. */
export async function resetInstance(id: string, nodeKey?: string) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const i = await resetFlowInstance({
      ctx,
      input: { id, options: nodeKey ? { nodes: { [nodeKey]: true } } : undefined },
    });
    return { isCustomized: i.isCustomized };
  });
}

export async function archiveInstance(id: string, restore: boolean) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    const i = await archiveFlowInstance({ ctx, input: { id, restore } });
    return { archived: !!i.archivedAt };
  });
}

/** Patches one node's config (PATCH merges per node key), then re-runs setup so schemas and errors are fresh. */
export async function saveNodeConfig(id: string, nodeKey: string, config: unknown) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    if (!isPlainObject(config)) throw new DomainError(400, "bad_request", "config must be an object");
    await updateFlowInstance({ ctx, input: { id, body: { nodes: { [nodeKey]: { config } } } } });
    const i = await setupFlowInstance({ ctx, input: { id } });
    const node = i.nodes[nodeKey];
    return { state: node?.state, errors: node?.errors ?? [], isCustomized: !!node?.isCustomized };
  });
}

export async function saveParameters(id: string, parameters: unknown) {
  const ctx = await consoleCtx();
  return attempt(async () => {
    if (!isPlainObject(parameters)) throw new DomainError(400, "bad_request", "parameters must be an object");
    const i = await updateFlowInstance({ ctx, input: { id, body: { parameters } } });
    return { parameters: i.parameters };
  });
}

"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import {
  archiveFlowInstance,
  resetFlowInstance,
  setupFlowInstance,
} from "@/lib/services/flow-instances/instance-actions";
import { BadRequestError } from "@/lib/core/errors";
import { isPlainObject } from "@/lib/core/schema/json-schema";
import { actionResult } from "@/lib/server/action-result";
import { saveNodeConfig as saveNodeConfigVerb } from "@/lib/services/flow-instances/save-node-config";

export async function runInstance(flowInstanceId: string, input: unknown, startNodeKey?: string) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const run = await createFlowRun({ ctx, input: { flowInstanceId, input, startNodeKey } });
    return { id: run!.id, state: run!.state };
  });
}

export async function setInstanceEnabled(id: string, enabled: boolean) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const i = await updateFlowInstance({ ctx, input: { id, body: { enabled } } });
    return { enabled: i.enabled };
  });
}

export async function setupInstance(id: string) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const i = await setupFlowInstance({ ctx, input: { id } });
    return { state: i.state };
  });
}

/** Whole instance (no nodeKey) or one node back to the template. */
export async function resetInstance(id: string, nodeKey?: string) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const i = await resetFlowInstance({
      ctx,
      input: { id, options: nodeKey ? { nodes: { [nodeKey]: true } } : undefined },
    });
    return { isCustomized: i.isCustomized };
  });
}

export async function archiveInstance(id: string, restore: boolean) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    const i = await archiveFlowInstance({ ctx, input: { id, restore } });
    return { archived: !!i.archivedAt };
  });
}

/** Patches one node's config, then re-runs setup so schemas and errors are fresh. */
export async function saveNodeConfig(id: string, nodeKey: string, config: unknown) {
  const ctx = await consoleCtx();
  return actionResult(() => saveNodeConfigVerb({ ctx, input: { id, nodeKey, config } }));
}

export async function saveParameters(id: string, parameters: unknown) {
  const ctx = await consoleCtx();
  return actionResult(async () => {
    if (!isPlainObject(parameters)) throw new BadRequestError("parameters must be an object");
    const i = await updateFlowInstance({ ctx, input: { id, body: { parameters } } });
    return { parameters: i.parameters };
  });
}

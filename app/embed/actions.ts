"use server";

// Server actions of the customer embed: the same services as the API and the console, called with the
// principal of the embed cookie (so another customer's ids answer "not found").
import { repeatFlowRun } from "@/lib/services/flow-runs/repeat-flow-run";
import { embedCtx } from "@/lib/server/embed-auth";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { resetFlowInstance } from "@/lib/services/flow-instances/instance-actions";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { actionResult } from "@/lib/server/action-result";
import {
  saveCustomerConfiguration,
  saveNodeConfig,
  type CustomerConfiguration,
} from "@/lib/services/flow-instances/save-node-config";

export type { CustomerConfiguration as ConfigurationInput } from "@/lib/services/flow-instances/save-node-config";

/** The configuration page's Save: enable switch, parameters and customer-editable node configs in one update. */
export async function saveConfiguration(id: string, configuration: CustomerConfiguration) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    return saveCustomerConfiguration({ ctx, input: { id, configuration } });
  });
}

export async function setEmbedInstanceEnabled(id: string, enabled: boolean) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    const i = await updateFlowInstance({ ctx, input: { id, body: { enabled: enabled === true } } });
    return { enabled: i.enabled };
  });
}

/** The editor's node panel: same contract as the console's `saveNodeConfig`. */
export async function saveEmbedNodeConfig(id: string, nodeKey: string, config: unknown) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    return saveNodeConfig({ ctx, input: { id, nodeKey, config } });
  });
}

/** Whole instance (no nodeKey) or one node back to the template. */
export async function resetEmbedInstance(id: string, nodeKey?: string) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    const i = await resetFlowInstance({
      ctx,
      input: { id, options: nodeKey ? { nodes: { [nodeKey]: true } } : undefined },
    });
    return { isCustomized: i.isCustomized };
  });
}

export async function runEmbedInstance(flowInstanceId: string, input: unknown, startNodeKey?: string) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    const run = await createFlowRun({ ctx, input: { flowInstanceId, input, startNodeKey } });
    return { id: run!.id, state: run!.state };
  });
}

export async function stopEmbedRun(id: string) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    const run = await stopFlowRun({ ctx, input: { id } });
    return { state: run.state };
  });
}

/** A new run of the same instance with the same input and start node. */
export async function repeatEmbedRun(id: string) {
  return actionResult(async () => {
    const ctx = await embedCtx();
    const next = await repeatFlowRun({ ctx, input: { id } });
    return { id: next.id };
  });
}

"use server";

// Server actions of the customer embed: the same services as the API and the console, called with the
// principal of the embed cookie (so another customer's ids answer "not found").
import { repeatFlowRun } from "@/lib/services/flow-runs/repeat-flow-run";
import { embedCtx } from "@/lib/server/embed-auth";
import {
  updateFlowInstance,
  type UpdateFlowInstanceBody,
} from "@/lib/services/flow-instances/update-flow-instance";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { resetFlowInstance, setupFlowInstance } from "@/lib/services/flow-instances/instance-actions";
import { getFlow } from "@/lib/services/flows/get-flow";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { BadRequestError, DomainError } from "@/lib/core/errors";
import type { FlowNodes } from "@/lib/core/flow";

export type EmbedActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

async function attempt<T>(fn: () => Promise<T>): Promise<EmbedActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message };
    throw err;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

export type ConfigurationInput = {
  enabled?: boolean;
  parameters?: Record<string, unknown>;
  /** Node key → new config; only nodes the flow marks `userConfig: true`. */
  nodes?: Record<string, unknown>;
};

/** The configuration page's Save: enable switch, parameters and customer-editable node configs in one update. */
export async function saveConfiguration(id: string, input: ConfigurationInput) {
  return attempt(async () => {
    const ctx = await embedCtx();
    if (!isPlainObject(input)) throw new BadRequestError("input must be an object");
    const body: UpdateFlowInstanceBody = {};
    if (input.enabled !== undefined) {
      if (typeof input.enabled !== "boolean") throw new BadRequestError("enabled must be a boolean");
      body.enabled = input.enabled;
    }
    if (input.parameters !== undefined) {
      if (!isPlainObject(input.parameters)) throw new BadRequestError("parameters must be an object");
      body.parameters = input.parameters;
    }
    const nodeKeys = Object.keys(input.nodes ?? {});
    if (input.nodes !== undefined && !isPlainObject(input.nodes))
      throw new BadRequestError("nodes must be an object");
    if (nodeKeys.length) {
      const instance = await getFlowInstance({ ctx, input: { selector: { id } } });
      const flow = await getFlow({ ctx, input: { selector: instance.flowId } });
      const template = flow.nodes as FlowNodes;
      body.nodes = {};
      for (const key of nodeKeys) {
        const config = input.nodes![key];
        if (!template[key]?.userConfig || !(key in instance.nodes))
          throw new BadRequestError(`Node "${key}" cannot be configured here`);
        if (!isPlainObject(config)) throw new BadRequestError(`nodes.${key}: config must be an object`);
        body.nodes[key] = { config };
      }
    }
    let instance = await updateFlowInstance({ ctx, input: { id, body } });
    // Changed configs: recompute schemas and node errors right away.
    if (nodeKeys.length) instance = await setupFlowInstance({ ctx, input: { id } });
    const nodes = instance.nodes as FlowNodes;
    return {
      enabled: instance.enabled,
      state: instance.state,
      nodeErrors: Object.fromEntries(nodeKeys.map((k) => [k, nodes[k]?.errors ?? []])),
    };
  });
}

export async function setEmbedInstanceEnabled(id: string, enabled: boolean) {
  return attempt(async () => {
    const ctx = await embedCtx();
    const i = await updateFlowInstance({ ctx, input: { id, body: { enabled: enabled === true } } });
    return { enabled: i.enabled };
  });
}

/** The editor's node panel: same contract as the console's `saveNodeConfig`. */
export async function saveEmbedNodeConfig(id: string, nodeKey: string, config: unknown) {
  return attempt(async () => {
    const ctx = await embedCtx();
    if (!isPlainObject(config)) throw new BadRequestError("config must be an object");
    await updateFlowInstance({ ctx, input: { id, body: { nodes: { [nodeKey]: { config } } } } });
    const i = await setupFlowInstance({ ctx, input: { id } });
    const node = (i.nodes as FlowNodes)[nodeKey];
    return { state: node?.state, errors: node?.errors ?? [], isCustomized: !!node?.isCustomized };
  });
}

/** Whole instance (no nodeKey) or one node back to the template. */
export async function resetEmbedInstance(id: string, nodeKey?: string) {
  return attempt(async () => {
    const ctx = await embedCtx();
    const i = await resetFlowInstance({
      ctx,
      input: { id, options: nodeKey ? { nodes: { [nodeKey]: true } } : undefined },
    });
    return { isCustomized: i.isCustomized };
  });
}

export async function runEmbedInstance(flowInstanceId: string, input: unknown, startNodeKey?: string) {
  return attempt(async () => {
    const ctx = await embedCtx();
    const run = await createFlowRun({ ctx, input: { flowInstanceId, input, startNodeKey } });
    return { id: run!.id, state: run!.state };
  });
}

export async function stopEmbedRun(id: string) {
  return attempt(async () => {
    const ctx = await embedCtx();
    const run = await stopFlowRun({ ctx, input: { id } });
    return { state: run.state };
  });
}

/** A new run of the same instance with the same input and start node. */
export async function repeatEmbedRun(id: string) {
  return attempt(async () => {
    const ctx = await embedCtx();
    const next = await repeatFlowRun({ ctx, input: { id } });
    return { id: next.id };
  });
}

import { z } from "zod";
import { flowRuns } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError } from "../../core/errors";
import { newId } from "../../core/ids";
import { rootKeys, type FlowNodes } from "../../core/flow";
import { TRIGGER_TYPES } from "../../nodes/registry";
import { fetchInstance } from "../flow-instances/shared";
import { validateAgainstSchema } from "../flow-instances/parameters";
import { runToApi } from "./shared";
import { notifyRunQueued } from "../../engine/bus";
import { audited } from "../audit/audited";
import { onCommit } from "../context";

export const createFlowRunBody = z.object({
  flowInstanceId: z.string().max(100).optional(),
  connectionFlowId: z.string().max(100).optional(),
  startNodeKey: z.string().max(200).optional(),
  nodeKey: z.string().max(200).optional(),
  input: z.unknown().optional(),
});

export type LaunchedBy = { type: "api-trigger" | "schedule-trigger" | "app-event-trigger"; ids?: string[] };

/** Picks the node a run starts at: the given one, or the instance's only API trigger / root. */
export function pickStartNode(nodes: FlowNodes, requested?: string): string {
  if (requested) {
    if (!(requested in nodes))
      throw new BadRequestError(`startNodeKey: node "${requested}" does not exist in this flow`);
    return requested;
  }
  const roots = rootKeys(nodes);
  const api = roots.filter((k) => nodes[k].type === "api-trigger");
  if (api.length === 1) return api[0];
  const triggers = roots.filter((k) => TRIGGER_TYPES.has(nodes[k].type));
  if (triggers.length === 1) return triggers[0];
  if (roots.length === 1) return roots[0];
  throw new BadRequestError("startNodeKey: required, the flow has several trigger nodes");
}

export async function createFlowRun({
  ctx,
  input,
  launchedBy = { type: "api-trigger" },
  dedupeKey,
}: {
  ctx: Ctx;
  input: z.infer<typeof createFlowRunBody>;
  launchedBy?: LaunchedBy;
  dedupeKey?: string;
}) {
  return audited<Awaited<ReturnType<typeof insertRun>>>(
    ctx,
    "run",
    (tx) => insertRun(tx, input, launchedBy, dedupeKey),
    (run) => (run ? { type: "flow-run", id: run.id, customerId: run.userId } : null),
    (run) =>
      run ? { flowInstanceId: run.flowInstanceId, startNodeKey: run.startNodeKey, input: run.input } : null,
  );
}

async function insertRun(
  ctx: Ctx,
  input: z.infer<typeof createFlowRunBody>,
  launchedBy: LaunchedBy,
  dedupeKey: string | undefined,
) {
  const instanceId = input.flowInstanceId ?? input.connectionFlowId;
  if (!instanceId) throw new BadRequestError("flowInstanceId: required");
  const instance = await fetchInstance(ctx, instanceId);
  if (instance.archivedAt)
    throw new BadRequestError("flowInstanceId: the flow instance is archived; restore it to run");
  const nodes = instance.nodes as FlowNodes;
  const startNodeKey = pickStartNode(nodes, input.startNodeKey ?? input.nodeKey);
  const start = nodes[startNodeKey];
  const runInput = input.input ?? {};
  if (start.type === "api-trigger" && start.config?.inputSchema)
    validateAgainstSchema("input", start.config.inputSchema, runInput);
  const [row] = await ctx.db
    .insert(flowRuns)
    .values({
      id: newId(),
      flowInstanceId: instance.id,
      flowId: instance.flowId,
      connectionId: instance.connectionId,
      customerId: instance.customerId,
      integrationId: instance.integrationId,
      startNodeKey,
      input: runInput,
      launchedBy,
      dedupeKey,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null; // a duplicate scheduled tick: another worker already queued it
  onCommit(ctx, () => notifyRunQueued(row.id));
  return runToApi(row);
}

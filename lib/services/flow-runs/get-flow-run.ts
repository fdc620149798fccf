import type { Ctx } from "../context";
import { NotFoundError } from "../../core/errors";
import { fetchNodeRuns, fetchRun, nodeRunToApi, runToApi } from "./shared";
import { embeddedToApi, fetchEmbedded, fetchRunInstance } from "../flow-instances/embedded";

/** One run, with the SDK's embedded `flowInstance`, `user`, `connection` and `integration` (lists leave them out). */
export async function getFlowRun({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const run = await fetchRun(ctx, input.id);
  const [flowInstance, e] = await Promise.all([
    fetchRunInstance(ctx, run.flowInstanceId),
    fetchEmbedded(ctx, run),
  ]);
  const { user, connection, integration } = embeddedToApi(e);
  return { ...runToApi(run), flowInstance, connection, integration, user };
}

/** The run's result: the data of its final outputs (one value, or a list when several branches ended). */
export async function getFlowRunOutput({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const run = await fetchRun(ctx, input.id);
  return run.output ?? null;
}

export async function listNodeRuns({ ctx, input }: { ctx: Ctx; input: { id: string; nodeKey: string } }) {
  await fetchRun(ctx, input.id);
  const rows = await fetchNodeRuns(ctx, input.id, input.nodeKey);
  return { items: rows.map(nodeRunToApi) };
}

export async function getNodeRun({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; nodeKey: string; nodeRunId: string };
}) {
  await fetchRun(ctx, input.id);
  const row = (await fetchNodeRuns(ctx, input.id, input.nodeKey)).find((r) => r.id === input.nodeRunId);
  if (!row) throw new NotFoundError("Node run");
  return nodeRunToApi(row);
}

export async function listNodeOutputs({ ctx, input }: { ctx: Ctx; input: { id: string; nodeKey: string } }) {
  await fetchRun(ctx, input.id);
  const rows = await fetchNodeRuns(ctx, input.id, input.nodeKey);
  return { items: rows.flatMap((r) => r.outputs) };
}

export async function getNodeOutput({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; nodeKey: string; outputId: string };
}) {
  const { items } = await listNodeOutputs({ ctx, input });
  const out = items.find((o) => o.id === input.outputId);
  if (!out) throw new NotFoundError("Node output");
  return out;
}

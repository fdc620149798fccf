import type { z } from "zod";
import type { DbOrTx } from "../../db/client";
import { insertRunsWithAudit, selectInstancesForRuns, type InstanceForRun } from "../../db/run-inserts";
import type { Ctx } from "../context";
import { BadRequestError, NotFoundError } from "../../core/errors";
import { isId, newId } from "../../core/ids";
import { rootKeys, type FlowNodes } from "../../core/flow";
import { TRIGGER_TYPES } from "../../nodes/registry";
import { validateAgainstSchema } from "../flow-instances/parameters";
import { runToApi } from "./shared";
import { notifyRunQueued } from "../../engine/bus";
import { publishRunChanges } from "../../engine/changes";
import { auditRow } from "../audit/audited";
import { onCommit } from "../context";
import { batcher, ItemFailed } from "../../engine/batcher";
import { admitRuns } from "../../engine/backlog";
import { defineVerb } from "../shared/define-verb";
import { resolveInstance } from "../flow-instances/instance-action";
import { createFlowRunBody, createFlowRunInput } from "./schemas";

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

type RunRequest = {
  ctx: Ctx;
  input: z.infer<typeof createFlowRunBody>;
  launchedBy: LaunchedBy;
  dedupeKey?: string;
};
type CreatedRun = ReturnType<typeof runToApi> | null;

/**
 * Creates a queued run; it is committed (with its audit event, and on PostgreSQL its job) before this
 * returns. Returns null when `dedupeKey` is taken (a scheduled tick another worker already queued).
 *
 * Outside a transaction, runs requested while another insert is in flight are written together by
 * the next statement (group commit, as the engine's claims and finishes): one instance read and one
 * statement inserting the runs and their audit events for the lot. Each run is still acknowledged only
 * after its commit, and a request that fails (unknown instance, invalid input, …) fails alone.
 */
export const createFlowRun = defineVerb(
  createFlowRunInput,
  async ({
    ctx,
    input: { selector, autoCreate, ...body },
    launchedBy = { type: "api-trigger" },
    dedupeKey,
  }: {
    ctx: Ctx;
    input: z.output<typeof createFlowRunInput>;
    launchedBy?: LaunchedBy;
    dedupeKey?: string;
  }): Promise<CreatedRun> => {
    const input = selector
      ? { ...body, flowInstanceId: (await resolveInstance(ctx, selector, { autoCreate })).id }
      : body;
    const request: RunRequest = { ctx, input, launchedBy, dedupeKey };
    // Inside an audited transaction (ctx.afterCommit set) the run joins that transaction.
    if (ctx.afterCommit) return expect1(await writeRuns(ctx.db, [request]));
    // Past the backlog bound of a process that also executes runs: 429 (lib/engine/backlog.ts). Runs the
    // engine makes itself (schedules, app events) are not refused.
    if (launchedBy.type === "api-trigger") await admitRuns(1);
    let insert = inserters.get(ctx.db);
    if (!insert)
      inserters.set(
        ctx.db,
        (insert = batcher("create-run", (items: RunRequest[]) => writeRuns(ctx.db, items), 100)),
      );
    return insert(request);
  },
);

const inserters = new WeakMap<DbOrTx, (r: RunRequest) => Promise<CreatedRun>>();

function expect1(results: (CreatedRun | ItemFailed)[]): CreatedRun {
  const [r] = results;
  if (r instanceof ItemFailed) throw r.error;
  return r;
}

/** Checks one request against its instance and builds its row (throws the request's own error). */
function prepareRun(req: RunRequest, instances: Map<string, InstanceForRun>) {
  const instanceId = req.input.flowInstanceId ?? req.input.connectionFlowId;
  if (!instanceId) throw new BadRequestError("flowInstanceId: required");
  const instance = instances.get(instanceId);
  const p = req.ctx.principal;
  if (!instance || (p.kind === "customer" && instance.customerId !== p.customerId))
    throw new NotFoundError("Flow instance");
  if (instance.archivedAt)
    throw new BadRequestError("flowInstanceId: the flow instance is archived; restore it to run");
  const nodes = instance.nodes as FlowNodes;
  const startNodeKey = pickStartNode(nodes, req.input.startNodeKey ?? req.input.nodeKey);
  const start = nodes[startNodeKey];
  const runInput = req.input.input ?? {};
  if (start.type === "api-trigger" && start.config?.inputSchema)
    validateAgainstSchema("input", start.config.inputSchema, runInput);
  return {
    id: newId(),
    flowInstanceId: instance.id,
    flowId: instance.flowId,
    connectionId: instance.connectionId,
    customerId: instance.customerId,
    integrationId: instance.integrationId,
    startNodeKey,
    input: runInput,
    launchedBy: req.launchedBy,
    dedupeKey: req.dedupeKey,
    meta: req.input.meta,
  };
}

/** Writes the runs of several requests in one statement; when it fails, they are retried one by one. */
async function writeRuns(db: DbOrTx, requests: RunRequest[]): Promise<(CreatedRun | ItemFailed)[]> {
  const ids = [
    ...new Set(
      requests.map((r) => r.input.flowInstanceId ?? r.input.connectionFlowId).filter((id) => isId(id ?? "")),
    ),
  ] as string[];
  const instances = new Map((await selectInstancesForRuns(db, ids)).map((i) => [i.id, i]));
  const prepared = requests.map((req) => {
    try {
      return { req, row: prepareRun(req, instances) };
    } catch (err) {
      return new ItemFailed(err);
    }
  });
  const valid = prepared.filter((p): p is Exclude<typeof p, ItemFailed> => !(p instanceof ItemFailed));
  if (!valid.length) return prepared as ItemFailed[];
  let inserted: Map<string, ReturnType<typeof runToApi>>;
  try {
    // Engine-made runs (schedules) are not audited; the statement keeps the events of the runs it inserted.
    const audits = valid.flatMap(({ req, row }) =>
      req.ctx.channel === "engine"
        ? []
        : [
            auditRow(
              req.ctx,
              "run",
              { type: "flow-run", id: row.id, customerId: row.customerId },
              { flowInstanceId: row.flowInstanceId, startNodeKey: row.startNodeKey, input: row.input },
            ),
          ],
    );
    const rows = await insertRunsWithAudit(
      db,
      valid.map((v) => v.row),
      audits,
    );
    inserted = new Map(rows.map((r) => [r.id, runToApi(r)]));
  } catch (err) {
    if (valid.length === 1) return prepared.map((p) => (p instanceof ItemFailed ? p : new ItemFailed(err)));
    const out: (CreatedRun | ItemFailed)[] = [];
    for (const p of prepared) out.push(p instanceof ItemFailed ? p : (await writeRuns(db, [p.req]))[0]);
    return out;
  }
  return prepared.map((p) => {
    if (p instanceof ItemFailed) return p;
    const run = inserted.get(p.row.id);
    if (!run) return null; // the dedupe key is taken: another worker already queued this tick
    onCommit(p.req.ctx, () => {
      notifyRunQueued(run.id);
      publishRunChanges([
        { id: run.id, customerId: p.row.customerId, flowInstanceId: run.flowInstanceId, state: run.state },
      ]);
    });
    return run;
  });
}

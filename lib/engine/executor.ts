import type { DbOrTx } from "../db/types";
import type { FlowRunRow } from "../db/schema";
import type { FlowNodes } from "../core/flow";
import type { FormulaContext } from "../core/formulas";
import { getNodeType } from "../nodes/registry";
import type { NodeRuntime } from "../nodes/types";
import { parseAllowList, type AllowList } from "../nodes/http/outbound";
import { runJavaScript } from "./sandbox";
import { batchStats } from "./batcher";
import type { ClaimedRun, Fence } from "./store/claims";
import { loadRunContext, type RunContext } from "./store/context";
import { finishRun, finishRunBatched, insertNodeRuns, type NodeRunRecord } from "./store/node-runs";
import { walkRun, type RunNodeStates, type RunSink } from "./walker";

// One attempt of a run: read its context, walk the graph (walker.ts) with a sink that writes node runs
// behind, fenced, and end the attempt in one statement. The walk itself does no I/O of ours.

export type ExecuteOptions = {
  db: DbOrTx;
  run: ClaimedRun;
  workerId: string;
  signal: AbortSignal;
  env: {
    appUrl: string;
    workspaceKey: string;
    workspaceSecret: string;
    sandboxTimeoutMs: number;
    sandboxMemoryMb: number;
    /** OUTBOUND_ALLOW_HOSTS entries (hosts, IPs, CIDRs) HTTP nodes may reach despite the address policy. */
    outboundAllowHosts: string[];
  };
  parallelism?: number;
};

const allowLists = new WeakMap<string[], AllowList>();
const allowListOf = (entries: string[]) => {
  let list = allowLists.get(entries);
  if (!list) allowLists.set(entries, (list = parseAllowList(entries)));
  return list;
};

// Mid-run writes (node runs + progress) in this process, next to the batchers' statements (bench prints them).
const progressStats = (batchStats["progress (mid-run writes)"] ??= { statements: 0, items: 0 });
// Node runs are written in batches: at the latest FLUSH_AFTER_MS after a node finishes (or once
// FLUSH_AT_RECORDS are waiting), with the run's progress (`nodes`: counts, and which nodes are running at
// that moment) in the same statement, and the rest together with the run's final state. A short run thus
// costs one write instead of one per node; a long run's progress and node runs appear within ~100 ms.
// (A node that starts after the last flush shows as running with the next one: triggers, the roots, take
// no time, so a slow node is seen running ~100 ms after its upstream node finished.)
const FLUSH_AFTER_MS = 100;
const FLUSH_AT_RECORDS = 50;

/** The write-behind sink of one attempt (see FLUSH_AFTER_MS); `pending()` is what the finish must write. */
function writeBehindSink(db: DbOrTx, fence: Fence) {
  let buffered: NodeRunRecord[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let progress: () => RunNodeStates = () => ({});
  let fencedOut = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffered;
    buffered = [];
    if (!batch.length) return;
    const nodes = progress();
    progressStats.statements++;
    progressStats.items += batch.length;
    flushing = flushing.then(async () => {
      try {
        if (!(await insertNodeRuns(db, fence, batch, nodes))) fencedOut = true;
      } catch (err) {
        // Kept for the final write, which reports a persistent database error.
        buffered = batch.concat(buffered);
        console.error(`[engine] run ${fence.runId}: writing node runs failed:`, (err as Error).message);
      }
    });
  };
  const sink: RunSink & { settle(): Promise<NodeRunRecord[]> } = {
    get fencedOut() {
      return fencedOut;
    },
    nodeRunFinished(rec, progressNow) {
      progress = progressNow;
      buffered.push(rec);
      if (buffered.length >= FLUSH_AT_RECORDS) flush();
      else if (!timer) {
        timer = setTimeout(flush, FLUSH_AFTER_MS);
        timer.unref?.();
      }
    },
    /** Waits for writes in flight; returns the node runs still to write (with the finish). */
    async settle() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flushing;
      return buffered;
    },
  };
  return sink;
}

/** What nodes get besides their config and input (credentials, the sandbox, the outbound policy…). */
function nodeRuntime(ctx: RunContext, run: ClaimedRun, env: ExecuteOptions["env"]): NodeRuntime {
  const { instance, connection, integration, customer, credentials } = ctx;
  return {
    connection: { id: connection.id, name: connection.name, credentials },
    integration: {
      id: integration.id,
      key: integration.key,
      name: integration.name,
      baseUri: integration.baseUri,
      auth: integration.auth,
      dataCollections: integration.dataCollections,
    },
    customer: { id: customer.id, internalId: customer.internalId, name: customer.name },
    flowInstance: { id: instance.id, parameters: instance.parameters },
    flowRun: { id: run.id },
    appUrl: env.appUrl,
    workspaceKey: env.workspaceKey,
    workspaceSecret: env.workspaceSecret,
    sandbox: { timeoutMs: env.sandboxTimeoutMs, memoryMb: env.sandboxMemoryMb, run: runJavaScript },
    outbound: { allow: allowListOf(env.outboundAllowHosts) },
  };
}

/** The formula context every node of the run sees (the SDK's variables: user, connection, flowRun…). */
function formulaContext(ctx: RunContext, run: ClaimedRun): FormulaContext {
  const { instance, connection, integration, customer } = ctx;
  return {
    user: { id: customer.id, internalId: customer.internalId, name: customer.name, fields: customer.fields },
    connection: { id: connection.id, name: connection.name },
    integration: { id: integration.id, key: integration.key, name: integration.name },
    flowInstance: { id: instance.id, name: instance.name, parameters: instance.parameters },
    flowRun: { id: run.id, input: run.input, startNodeKey: run.startNodeKey },
    parameters: instance.parameters,
    flowRunInput: run.input,
  };
}

/** Executes one claimed run to a terminal state, persisting node runs as they finish (in batches). */
export async function executeRun(opts: ExecuteOptions): Promise<FlowRunRow | undefined> {
  const { db, run, workerId, signal } = opts;
  const fence: Fence = { runId: run.id, workerId, attempt: run.attempts };
  let ctx: RunContext;
  try {
    ctx = await loadRunContext(db, run);
  } catch (err) {
    return finishRun(db, fence, {
      state: "failed",
      nodes: {},
      errors: [{ type: "flow_run", message: (err as Error).message }],
      output: null,
    });
  }
  const sink = writeBehindSink(db, fence);
  const result = await walkRun({
    flowRunId: run.id,
    nodes: ctx.instance.nodes as FlowNodes,
    startNodeKey: run.startNodeKey ?? "",
    baseContext: formulaContext(ctx, run),
    runtime: nodeRuntime(ctx, run, opts.env),
    nodeType: getNodeType,
    signal,
    sink,
    parallelism: opts.parallelism,
  });
  const pending = await sink.settle();
  if (sink.fencedOut) return undefined;
  return finishWithRetry(() => finishRunBatched(db, fence, result, pending));
}

// The final write is retried when the database is briefly unreachable (a restart, a dropped connection):
// fencing makes a repeat harmless (a finish that did commit makes the retry match nothing). Past these
// delays the run stays `running` without heartbeats and the sweeper requeues it.
const FINISH_RETRY_MS = [100, 250, 500, 1000, 2000, 4000];

async function finishWithRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await write();
    } catch (err) {
      if (i >= FINISH_RETRY_MS.length) throw err;
      await new Promise((r) => setTimeout(r, FINISH_RETRY_MS[i]));
    }
  }
}

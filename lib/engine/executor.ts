import type { DbOrTx } from "../db/client";
import type { FlowRunRow } from "../db/schema";
import type { FlowNode, FlowNodes } from "../core/flow";
import { evaluateCondition, evaluateFormulas, type FormulaContext } from "../core/formulas";
import { newId } from "../core/ids";
import { getNodeType } from "../nodes/registry";
import type { NodeRuntime } from "../nodes/types";
import { runJavaScript } from "./sandbox";
import { parseAllowList, type AllowList } from "../nodes/http/outbound";
import { batchStats } from "./batcher";
import {
  finishRun,
  finishRunBatched,
  insertNodeRuns,
  loadRunContext,
  type ClaimedRun,
  type Fence,
  type NodeRunRecord,
} from "./run-store";

/** The SDK's UpstreamFlowNodeRun: the node run, and its output, whose data started this node run. */
export type UpstreamRun = { nodeKey: string; runId: string; outputId: string };
type Token = { nodeKey: string; input: Record<string, unknown>; upstreamRuns: UpstreamRun[] };
type Output = { id: string; data: unknown };
type NodeCounters = { runs: number; erroredRuns: number; outputs: number; active: number };
/** A node of `FlowRun.nodes`, the SDK's FlowRunNode. */
export type RunNodeState = {
  state: "running" | "completed" | "stopped" | "failed";
  runs: number;
  erroredRuns: number;
  outputs: number;
};

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

class StopRun extends Error {}

const allowLists = new WeakMap<string[], AllowList>();
const allowListOf = (entries: string[]) => {
  let list = allowLists.get(entries);
  if (!list) allowLists.set(entries, (list = parseAllowList(entries)));
  return list;
};

const MAX_NODE_RUNS = 10_000;
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
const truncate = (value: unknown, max = 200_000): unknown => {
  const s = JSON.stringify(value);
  return s !== undefined && s.length > max ? { truncated: true, preview: s.slice(0, 2000) } : value;
};

/** Executes one claimed run to a terminal state, persisting node runs as they finish (in batches, see FLUSH_AFTER_MS). */
export async function executeRun(opts: ExecuteOptions): Promise<FlowRunRow | undefined> {
  const { db, run, workerId, signal } = opts;
  const fence: Fence = { runId: run.id, workerId, attempt: run.attempts };
  const counters: Record<string, NodeCounters> = {};
  const errors: unknown[] = [];
  let nodeRunCount = 0;
  let failedFatally = false;

  // Write-behind buffer of this attempt's node runs (see FLUSH_AFTER_MS).
  let buffered: NodeRunRecord[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushTimer: NodeJS.Timeout | undefined;
  let fencedOut = false; // the attempt was taken away from us (swept, or another worker owns it now)
  const flush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = buffered;
    buffered = [];
    if (batch.length) {
      const progress = nodeStates(false);
      progressStats.statements++;
      progressStats.items += batch.length;
      flushing = flushing.then(async () => {
        try {
          if (!(await insertNodeRuns(db, fence, batch, progress))) fencedOut = true;
        } catch (err) {
          // Kept for the final write, which reports a persistent database error.
          buffered = batch.concat(buffered);
          console.error(`[engine] run ${run.id}: writing node runs failed:`, (err as Error).message);
        }
      });
    }
    return flushing;
  };
  const recordNodeRun = (rec: NodeRunRecord) => {
    buffered.push(rec);
    if (buffered.length >= FLUSH_AT_RECORDS) void flush();
    else if (!flushTimer) {
      flushTimer = setTimeout(() => void flush(), FLUSH_AFTER_MS);
      flushTimer.unref?.();
    }
  };
  /** `FlowRun.nodes`: a node with a node run in flight is `running` (`stopped` once the run stopped). */
  const nodeStates = (stopped: boolean): Record<string, RunNodeState> => {
    const out: Record<string, RunNodeState> = {};
    for (const [key, c] of Object.entries(counters))
      out[key] = {
        state: c.active > 0 ? (stopped ? "stopped" : "running") : c.erroredRuns ? "failed" : "completed",
        runs: c.runs,
        erroredRuns: c.erroredRuns,
        outputs: c.outputs,
      };
    return out;
  };

  let ctxRow: Awaited<ReturnType<typeof loadRunContext>>;
  try {
    ctxRow = await loadRunContext(db, run);
  } catch (err) {
    return finishRun(db, fence, {
      state: "failed",
      nodes: {},
      errors: [{ type: "flow_run", message: (err as Error).message }],
      output: null,
    });
  }
  const { instance, connection, integration, customer, credentials } = ctxRow;
  const nodes = instance.nodes as FlowNodes;
  const runtime: NodeRuntime = {
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
    appUrl: opts.env.appUrl,
    workspaceKey: opts.env.workspaceKey,
    workspaceSecret: opts.env.workspaceSecret,
    sandbox: { timeoutMs: opts.env.sandboxTimeoutMs, memoryMb: opts.env.sandboxMemoryMb, run: runJavaScript },
    outbound: { allow: allowListOf(opts.env.outboundAllowHosts) },
  };
  const baseContext: FormulaContext = {
    user: { id: customer.id, internalId: customer.internalId, name: customer.name, fields: customer.fields },
    connection: { id: connection.id, name: connection.name },
    integration: { id: integration.id, key: integration.key, name: integration.name },
    flowInstance: { id: instance.id, name: instance.name, parameters: instance.parameters },
    flowRun: { id: run.id, input: run.input, startNodeKey: run.startNodeKey },
    parameters: instance.parameters,
    flowRunInput: run.input,
  };

  const counter = (key: string) => (counters[key] ??= { runs: 0, erroredRuns: 0, outputs: 0, active: 0 });

  async function executeNode(
    token: Token,
    node: FlowNode,
  ): Promise<{ outputs: Output[]; nodeRunId: string }> {
    const type = getNodeType(node.type);
    const started = new Date().toISOString();
    const logs: { time: string; message: string; data?: unknown }[] = [];
    const nodeRunId = newId();
    const formulaContext: FormulaContext = { ...baseContext, input: token.input };
    let outputs: unknown[] = [];
    let nodeErrors: { type: string; message: string }[] = [];
    const c = counter(token.nodeKey);
    c.active++; // stays counted when the run stops here: that node is reported `stopped`
    try {
      if (!type) throw new Error(`Unknown node type "${node.type}"`);
      if (node.state === "SETUP_FAILED")
        throw new Error(`Node is not set up: ${(node.errors ?? []).map((e) => e.message).join("; ")}`);
      outputs = await type.execute({
        nodeKey: token.nodeKey,
        config: node.config ?? {},
        input: token.input,
        formulaContext,
        evaluate: (v) => evaluateFormulas(v, formulaContext),
        log: (message, data) =>
          logs.push({ time: new Date().toISOString(), message, ...(data === undefined ? {} : { data }) }),
        signal,
        runtime,
        // A sub-flow's root starts from an item of this node run (an id of its own, not a stored output).
        runSubflow: (rootKey, itemInput) =>
          runGraph([
            {
              nodeKey: rootKey,
              input: itemInput,
              upstreamRuns: [{ nodeKey: token.nodeKey, runId: nodeRunId, outputId: newId() }],
            },
          ]),
      });
    } catch (err) {
      if (signal.aborted) throw new StopRun();
      nodeErrors = [{ type: "flow_run", message: (err as Error).message || String(err) }];
    }
    c.active--;
    c.runs++;
    c.outputs += outputs.length;
    if (nodeErrors.length) c.erroredRuns++;
    const status = nodeErrors.length ? "failed" : "completed";
    const withIds: Output[] = outputs.map((data) => ({ id: newId(), data: truncate(data) }));
    recordNodeRun({
      id: nodeRunId,
      flowRunId: run.id,
      nodeKey: token.nodeKey,
      upstreamRuns: token.upstreamRuns,
      input: truncate(token.input),
      status,
      logs,
      outputs: withIds,
      errors: nodeErrors,
      startTime: new Date(started),
      endTime: new Date(),
    });
    if (fencedOut) throw new StopRun(); // this attempt was taken away from us (swept or stopped)
    if (nodeErrors.length) {
      const message = `Node "${node.name ?? token.nodeKey}" (${token.nodeKey}) failed: ${nodeErrors[0].message}`;
      if (node.onError === "continue") return { outputs: [], nodeRunId };
      errors.push({ type: "flow_run", message, data: { nodeKey: token.nodeKey } });
      failedFatally = true;
    }
    // The data downstream (the untruncated value) with the id it was stored under.
    return { outputs: outputs.map((data, i) => ({ id: withIds[i].id, data })), nodeRunId };
  }

  /** Runs tokens through the graph; returns the data of outputs that reached a node without links. */
  async function runGraph(start: Token[]): Promise<unknown[]> {
    const pending: Token[] = [...start];
    const activeByNode = new Map<string, number>();
    const active = new Set<Promise<void>>();
    const leaves: unknown[] = [];
    const parallelism = opts.parallelism ?? 4;
    while (pending.length || active.size) {
      if (signal.aborted || fencedOut) throw new StopRun();
      if (failedFatally) break;
      let startedOne = false;
      for (let i = 0; i < pending.length && active.size < parallelism; i++) {
        const token = pending[i];
        const node = nodes[token.nodeKey];
        const limit = node?.concurrency ?? Infinity;
        if ((activeByNode.get(token.nodeKey) ?? 0) >= limit) continue;
        pending.splice(i--, 1);
        if (++nodeRunCount > MAX_NODE_RUNS) throw new Error(`Run exceeded ${MAX_NODE_RUNS} node runs`);
        activeByNode.set(token.nodeKey, (activeByNode.get(token.nodeKey) ?? 0) + 1);
        startedOne = true;
        const p: Promise<void> = (async () => {
          try {
            if (!node) throw new Error(`Node "${token.nodeKey}" does not exist`);
            const { outputs, nodeRunId } = await executeNode(token, node);
            for (const { id: outputId, data } of outputs) {
              const childInput = { ...token.input, [token.nodeKey]: data };
              const links = node.links ?? [];
              if (!links.length) leaves.push(data);
              for (const link of links) {
                const pass = await evaluateCondition(link.filter, { ...baseContext, input: childInput });
                if (pass)
                  pending.push({
                    nodeKey: link.key,
                    input: childInput,
                    upstreamRuns: [{ nodeKey: token.nodeKey, runId: nodeRunId, outputId }],
                  });
              }
            }
          } finally {
            activeByNode.set(token.nodeKey, (activeByNode.get(token.nodeKey) ?? 1) - 1);
          }
        })();
        active.add(p);
        p.then(
          () => active.delete(p),
          () => active.delete(p),
        );
      }
      if (active.size) {
        // Surface the first failure (stop, fence lost, engine error) once everything in flight settles.
        const settled = await Promise.race(
          [...active].map((p) =>
            p.then(
              () => null,
              (e: unknown) => e,
            ),
          ),
        );
        if (settled) {
          await Promise.allSettled([...active]);
          throw settled;
        }
      } else if (!startedOne && pending.length) {
        throw new Error("Run is blocked: pending nodes cannot start");
      }
    }
    return leaves;
  }

  let state: "completed" | "failed" | "stopped" = "completed";
  let output: unknown = null;
  try {
    const start: Token = { nodeKey: run.startNodeKey ?? "", input: {}, upstreamRuns: [] };
    if (!nodes[start.nodeKey])
      throw new Error(`Start node "${run.startNodeKey}" does not exist in the flow instance`);
    const leaves = await runGraph([start]);
    if (failedFatally) state = "failed";
    else output = leaves.length === 1 ? leaves[0] : leaves.length ? leaves : null;
  } catch (err) {
    if (err instanceof StopRun || signal.aborted) state = "stopped";
    else {
      state = "failed";
      errors.push({ type: "flow_run", message: (err as Error).message });
    }
  }
  if (flushTimer) clearTimeout(flushTimer);
  await flushing;
  if (fencedOut) return undefined;
  const nodesAtEnd = nodeStates(true); // a node still in flight was interrupted
  return finishWithRetry(() =>
    finishRunBatched(db, fence, { state, nodes: nodesAtEnd, errors, output: truncate(output) }, buffered),
  );
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

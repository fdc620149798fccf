import type { FlowNode, FlowNodes } from "../core/flow";
import { evaluateCondition, evaluateFormulas, type FormulaContext } from "../core/formulas";
import { newId } from "../core/ids";
import type { NodeRunRecord } from "./store/node-runs";
import type { NodeRuntime, NodeType } from "../nodes/types";

// The graph walk of one run attempt: nodes, links and their filters, fan-out/in, for-each sub-flows,
// `onError`, per-node `concurrency`. It persists nothing itself: every finished node run goes to the
// sink it is given (executor.ts writes them behind, in batches), and it stops when the sink says the
// attempt is no longer ours or the signal aborts.

/** The SDK's UpstreamFlowNodeRun: the node run, and its output, whose data started this node run. */
export type UpstreamRun = { nodeKey: string; runId: string; outputId: string };
/** A node of `FlowRun.nodes`, the SDK's FlowRunNode. */
export type RunNodeState = {
  state: "running" | "completed" | "stopped" | "failed";
  runs: number;
  erroredRuns: number;
  outputs: number;
};
export type RunNodeStates = Record<string, RunNodeState>;

/** Where the walk's node runs go. */
export interface RunSink {
  /** A node run finished; `progress()` gives `FlowRun.nodes` at the moment it is asked. */
  nodeRunFinished(rec: NodeRunRecord, progress: () => RunNodeStates): void;
  /** True once the attempt was taken away (swept, or owned by another worker): the walk stops. */
  readonly fencedOut: boolean;
}

export type WalkInput = {
  flowRunId: string;
  nodes: FlowNodes;
  startNodeKey: string;
  /** The formula context shared by every node (user, connection, flowInstance, flowRun, parameters…). */
  baseContext: FormulaContext;
  runtime: NodeRuntime;
  nodeType: (type: string) => NodeType | undefined;
  signal: AbortSignal;
  sink: RunSink;
  parallelism?: number;
};

export type WalkResult = {
  state: "completed" | "failed" | "stopped";
  /** `FlowRun.nodes` at the end: a node still in flight was interrupted (`stopped`). */
  nodes: RunNodeStates;
  errors: unknown[];
  output: unknown;
};

type Token = { nodeKey: string; input: Record<string, unknown>; upstreamRuns: UpstreamRun[] };
type Output = { id: string; data: unknown };
type NodeCounters = { runs: number; erroredRuns: number; outputs: number; active: number };

class StopRun extends Error {}

const MAX_NODE_RUNS = 10_000;

/** Stored values above `max` characters of JSON keep a preview only (the data downstream is untouched). */
export const truncate = (value: unknown, max = 200_000): unknown => {
  const s = JSON.stringify(value);
  return s !== undefined && s.length > max ? { truncated: true, preview: s.slice(0, 2000) } : value;
};

/** Walks the graph of one attempt from its start node to the end; never rejects for a node's failure. */
export async function walkRun(w: WalkInput): Promise<WalkResult> {
  const { nodes, baseContext, signal, sink } = w;
  const counters: Record<string, NodeCounters> = {};
  const errors: unknown[] = [];
  let nodeRunCount = 0;
  let failedFatally = false;
  const counter = (key: string) => (counters[key] ??= { runs: 0, erroredRuns: 0, outputs: 0, active: 0 });

  /** `FlowRun.nodes`: a node with a node run in flight is `running` (`stopped` once the run stopped). */
  const nodeStates = (stopped: boolean): RunNodeStates => {
    const out: RunNodeStates = {};
    for (const [key, c] of Object.entries(counters))
      out[key] = {
        state: c.active > 0 ? (stopped ? "stopped" : "running") : c.erroredRuns ? "failed" : "completed",
        runs: c.runs,
        erroredRuns: c.erroredRuns,
        outputs: c.outputs,
      };
    return out;
  };
  const progress = () => nodeStates(false);

  async function executeNode(
    token: Token,
    node: FlowNode,
  ): Promise<{ outputs: Output[]; nodeRunId: string }> {
    const type = w.nodeType(node.type);
    const started = new Date();
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
        runtime: w.runtime,
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
    const withIds: Output[] = outputs.map((data) => ({ id: newId(), data: truncate(data) }));
    sink.nodeRunFinished(
      {
        id: nodeRunId,
        flowRunId: w.flowRunId,
        nodeKey: token.nodeKey,
        upstreamRuns: token.upstreamRuns,
        input: truncate(token.input),
        status: nodeErrors.length ? "failed" : "completed",
        logs,
        outputs: withIds,
        errors: nodeErrors,
        startTime: started,
        endTime: new Date(),
      },
      progress,
    );
    if (sink.fencedOut) throw new StopRun();
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
    const parallelism = w.parallelism ?? 4;
    while (pending.length || active.size) {
      if (signal.aborted || sink.fencedOut) throw new StopRun();
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

  let state: WalkResult["state"] = "completed";
  let output: unknown = null;
  try {
    if (!nodes[w.startNodeKey])
      throw new Error(`Start node "${w.startNodeKey}" does not exist in the flow instance`);
    const leaves = await runGraph([{ nodeKey: w.startNodeKey, input: {}, upstreamRuns: [] }]);
    if (failedFatally) state = "failed";
    else output = leaves.length === 1 ? leaves[0] : leaves.length ? leaves : null;
  } catch (err) {
    if (err instanceof StopRun || signal.aborted) state = "stopped";
    else {
      state = "failed";
      errors.push({ type: "flow_run", message: (err as Error).message });
    }
  }
  return { state, nodes: nodeStates(true), errors, output: truncate(output) };
}

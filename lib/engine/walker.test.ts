// The graph walk alone: no database, a sink that keeps what it is given. What the executor persists is
// exactly what the walk hands its sink, so these are the node runs and states a user sees.
import { describe, expect, it } from "vitest";
import type { FlowNodes } from "@/lib/core/flow";
import { getNodeType } from "@/lib/nodes/registry";
import { makeRuntime } from "@/lib/nodes/test-helpers";
import type { NodeRunRecord } from "./store/node-runs";
import { walkRun, type RunNodeStates } from "./walker";

function memorySink() {
  const records: NodeRunRecord[] = [];
  const progress: RunNodeStates[] = [];
  return {
    records,
    progress,
    fencedOut: false,
    nodeRunFinished(rec: NodeRunRecord, now: () => RunNodeStates) {
      records.push(rec);
      progress.push(now());
    },
  };
}

const walk = (nodes: FlowNodes, input: unknown, extra: { signal?: AbortSignal } = {}) => {
  const sink = memorySink();
  const result = walkRun({
    flowRunId: "run-1",
    nodes,
    startNodeKey: "t",
    baseContext: { flowRunInput: input },
    runtime: makeRuntime(),
    nodeType: getNodeType,
    signal: extra.signal ?? new AbortController().signal,
    sink,
  });
  return { sink, result };
};

describe("walkRun", () => {
  it("fans out along links, drops outputs a link filter refuses, and links each node run to its upstream run", async () => {
    const { sink, result } = walk(
      {
        t: {
          type: "api-trigger",
          links: [{ key: "big", filter: { $eval: { $var: "$.input.t.n" }, gt: 5 } }, { key: "all" }],
        },
        big: { type: "transform-data", config: { output: { size: "big" } } },
        all: { type: "transform-data", config: { output: { n: { $var: "$.input.t.n" } } } },
      },
      { n: 2 },
    );
    const r = await result;
    expect(r.state).toBe("completed");
    expect(r.output).toEqual({ n: 2 });
    expect(sink.records.map((x) => x.nodeKey).sort()).toEqual(["all", "t"]);
    const t = sink.records.find((x) => x.nodeKey === "t")!;
    const all = sink.records.find((x) => x.nodeKey === "all")!;
    expect(all.upstreamRuns).toEqual([{ nodeKey: "t", runId: t.id, outputId: t.outputs![0].id }]);
    expect(r.nodes).toEqual({
      t: { state: "completed", runs: 1, erroredRuns: 0, outputs: 1 },
      all: { state: "completed", runs: 1, erroredRuns: 0, outputs: 1 },
    });
  });

  it("a failing node fails the run unless onError is continue", async () => {
    const nodes = (onError?: "continue"): FlowNodes => ({
      t: { type: "api-trigger", links: [{ key: "bad" }] },
      bad: { type: "no-such-type", onError, links: [{ key: "after" }] },
      after: { type: "transform-data", config: { output: { ok: true } } },
    });
    const failed = await walk(nodes(), {}).result;
    expect(failed.state).toBe("failed");
    expect(failed.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Unknown node type "no-such-type"') }),
    ]);
    expect(failed.nodes.bad).toEqual({ state: "failed", runs: 1, erroredRuns: 1, outputs: 0 });
    const continued = await walk(nodes("continue"), {}).result;
    expect(continued.state).toBe("completed");
    expect(continued.nodes.after).toBeUndefined();
  });

  it("an abort while a node runs ends the walk stopped, with that node stopped", async () => {
    const controller = new AbortController();
    const { sink, result } = walk(
      {
        t: { type: "api-trigger", links: [{ key: "wait" }] },
        wait: {
          type: "run-javascript",
          config: {
            code: "module.exports = async () => { await new Promise(r => setTimeout(r, 5000)); return 1 }",
          },
        },
      },
      {},
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    const r = await result;
    expect(r.state).toBe("stopped");
    expect(r.nodes.wait.state).toBe("stopped");
    expect(r.nodes.t.state).toBe("completed");
    // The progress the sink saw when the trigger finished: nothing running yet but the trigger done.
    expect(sink.progress[0]).toEqual({ t: { state: "completed", runs: 1, erroredRuns: 0, outputs: 1 } });
  });

  it("stops when the sink reports the attempt was taken away", async () => {
    const sink = memorySink();
    const r = await walkRun({
      flowRunId: "run-2",
      nodes: {
        t: { type: "api-trigger", links: [{ key: "a" }] },
        a: { type: "transform-data", config: { output: { x: 1 } } },
      },
      startNodeKey: "t",
      baseContext: {},
      runtime: makeRuntime(),
      nodeType: getNodeType,
      signal: new AbortController().signal,
      sink: {
        get fencedOut() {
          return sink.records.length > 0;
        },
        nodeRunFinished: (rec, now) => sink.nodeRunFinished(rec, now),
      },
    });
    expect(r.state).toBe("stopped");
    expect(sink.records.map((x) => x.nodeKey)).toEqual(["t"]);
  });
});

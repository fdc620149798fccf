// `npm run bench:setup [-- --nodes 500 --iterations 30]`
//
// Times `setupNodes` (lib/nodes/setup.ts: every node's inputSchema/outputSchema/state/errors) on three
// 500-node flow shapes, in this process, and prints ONE JSON object: median/p95/max milliseconds per shape
// plus the first (cold: Ajv compiles the config schemas) call. Target (issue 4): a 500-node flow ≤ 50 ms.
//   chain  — api-trigger → 499 transform-data nodes in a line, each reading its parent's and the trigger's
//            fields through $var / $tpl (the worst case for input schemas: node i sees i upstream nodes);
//   fanout — api-trigger → 499 children, each with a filter formula on the trigger's input;
//   ladder — 250 pairs, each pair fanning in to the next (two parents per node).
import os from "node:os";
import { parseArgs } from "node:util";
import { setupNodes } from "../lib/nodes/setup";
import type { FlowNodes } from "../lib/core/flow";

const { values: args } = parseArgs({
  options: { nodes: { type: "string", default: "500" }, iterations: { type: "string", default: "30" } },
});
const N = Number(args.nodes);
const ITERATIONS = Number(args.iterations);
if (!Number.isInteger(N) || N < 2) throw new Error("--nodes must be an integer ≥ 2");
if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1)
  throw new Error("--iterations must be a positive integer");

const trigger = {
  type: "api-trigger",
  config: {
    inputSchema: { type: "object", properties: { name: { type: "string" }, amount: { type: "number" } } },
  },
};

function chain(): FlowNodes {
  const nodes: FlowNodes = { n0: { ...trigger, links: [{ key: "n1" }] } };
  for (let i = 1; i < N; i++)
    nodes[`n${i}`] = {
      type: "transform-data",
      config: {
        output: {
          step: i,
          previous: i === 1 ? { $var: "$.input.n0.amount" } : { $var: `$.input.n${i - 1}.step` },
          label: { $tpl: { template: "Hello {{$.input.n0.name}}" } },
        },
      },
      links: i < N - 1 ? [{ key: `n${i + 1}` }] : [],
    };
  return nodes;
}

function fanout(): FlowNodes {
  const nodes: FlowNodes = { n0: { ...trigger, links: [] } };
  for (let i = 1; i < N; i++) {
    nodes.n0.links!.push({ key: `n${i}` });
    nodes[`n${i}`] = {
      type: "filter",
      config: { filter: { $eval: { $var: "$.input.n0.amount" }, gt: i } },
    };
  }
  return nodes;
}

function ladder(): FlowNodes {
  const nodes: FlowNodes = { n0: { ...trigger, links: [{ key: "a1" }, { key: "b1" }] } };
  const pairs = Math.floor((N - 1) / 2);
  for (let i = 1; i <= pairs; i++) {
    const next = i < pairs ? [{ key: `a${i + 1}` }, { key: `b${i + 1}` }] : [];
    for (const side of ["a", "b"])
      nodes[`${side}${i}`] = {
        type: "transform-data",
        config: { output: { side, i, amount: { $var: "$.input.n0.amount" } } },
        links: next,
      };
  }
  return nodes;
}

function measure(nodes: FlowNodes) {
  const t0 = performance.now();
  const first = setupNodes(nodes);
  const coldMs = performance.now() - t0;
  if (first.state !== "READY") throw new Error(`setup failed: ${JSON.stringify(first.errors.slice(0, 3))}`);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    setupNodes(nodes);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
  return {
    nodes: Object.keys(nodes).length,
    coldMs: Math.round(coldMs * 10) / 10,
    p50: at(0.5),
    p95: at(0.95),
    max: at(1),
  };
}

console.log(
  JSON.stringify({
    chain: measure(chain()),
    fanout: measure(fanout()),
    ladder: measure(ladder()),
    iterations: ITERATIONS,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
  }),
);

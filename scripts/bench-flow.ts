// The flow bench:api and bench:http load: api-trigger → transform-data → filter (every run passes).
export const BENCH_FLOW_NODES = {
  trigger: { type: "api-trigger", links: [{ key: "shape" }] },
  shape: {
    type: "transform-data",
    config: { output: { x: { $var: "$.input.trigger.x" } } },
    links: [{ key: "keep" }],
  },
  keep: { type: "filter", config: { filter: { $eval: { $var: "$.input.shape.x" }, gt: 0 } } },
};

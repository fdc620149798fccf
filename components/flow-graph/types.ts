import type { JsonSchema } from "@/lib/core/schema";

/** What the console needs to know about a node type; built on the server (the registry is server-only). */
export type NodeTypeInfo = {
  type: string;
  name: string;
  category: string;
  description?: string;
  configSchema?: JsonSchema;
};
export type NodeTypeMap = Record<string, NodeTypeInfo>;

/** Per-node counters of a flow run (run.nodes). */
export type NodeRunCounters = {
  state?: string;
  runs?: number;
  erroredRuns?: number;
  outputs?: number;
  /** Time the node's finished runs took, summed (the run page adds it from the node runs). */
  durationMs?: number;
};

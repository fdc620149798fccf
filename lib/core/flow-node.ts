import { z } from "zod";
import type { JsonSchema } from "./schema/json-schema";

// The flow node contract, defined once: the zod schema every write is parsed with (flows, instances, the
// console) and the TypeScript type derived from it, plus the fields setup computes (setupNodes).
export const flowNodeLinkSchema = z.object({
  key: z.string().min(1).max(200),
  filter: z.unknown().optional(),
  name: z.string().max(500).optional(),
});
const flowNodeFields = z.object({
  type: z.string().min(1).max(100),
  name: z.string().max(500).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  links: z.array(flowNodeLinkSchema).optional(),
  onError: z.enum(["stop", "continue"]).optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
  /** Customers may configure this node (the embed's configuration page, a customer's PATCH). */
  customerConfigurable: z.boolean().optional(),
  /** The SDK's `userConfig`: any value, stored and returned as given (no meaning to Flowdeck). */
  userConfig: z.unknown().optional(),
});
/** A node as written (unknown fields are kept: the SDK's nodes carry more than Flowdeck reads). */
export const flowNodeSchema = flowNodeFields.passthrough();

export type FlowNodeLink = z.infer<typeof flowNodeLinkSchema>;
export type FlowNode = z.infer<typeof flowNodeFields> & {
  // Computed by setup (lib/nodes/setup.ts) from the config and the upstream nodes.
  inputSchema?: JsonSchema;
  outputSchema?: JsonSchema;
  isCustomized?: boolean;
  state?: "READY" | "SETUP_FAILED";
  errors?: { message: string; path?: string }[];
};

/**
 * `userConfig: true|false` is Flowdeck's old spelling of `customerConfigurable` (accepted, stored under the
 * new name); any other `userConfig` value is the SDK's, kept as given.
 */
export function normalizeNode<T extends { userConfig?: unknown; customerConfigurable?: boolean }>(
  node: T,
): T {
  if (typeof node.userConfig !== "boolean") return node;
  const { userConfig, ...rest } = node;
  return { ...rest, customerConfigurable: node.customerConfigurable ?? userConfig } as T;
}
export const normalizeNodes = <T extends { userConfig?: unknown; customerConfigurable?: boolean }>(
  nodes: Record<string, T>,
): Record<string, T> => Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, n && normalizeNode(n)]));

export const flowNodesSchema = z.record(
  z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "node keys: letters, digits, - and _"),
  flowNodeSchema.transform(normalizeNode),
);

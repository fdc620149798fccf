import { validateFormulas } from "../core/formulas";
import { inferFormulaOutputSchema } from "../core/schema";
import type { JsonSchema } from "../core/schema/json-schema";
import type { ConfigIssue, NodeType } from "./types";

/**
 * What the loop's sub-flow sees under the for-each node's key (`{item, index}`), for setup to use as that
 * key's schema in the sub-flow nodes' inputSchema (instead of the loop's summary outputSchema).
 */
export function forEachIterationSchema(config: Record<string, unknown>, inputSchema: JsonSchema): JsonSchema {
  const list = inferFormulaOutputSchema(config.items ?? [], {
    type: "object",
    properties: { input: inputSchema },
  });
  return {
    type: "object",
    properties: { item: list.items ?? {}, index: { type: "integer" } },
  };
}

/**
 * Runs a sub-flow once per item, one item after another. The sub-flow starts at `rootNodeKey` (not linked
 * from this node); this node's own links continue after the loop with a single summary output.
 */
export const forEach: NodeType = {
  type: "for-each-v2",
  name: "For each",
  description: "Runs the steps starting at the loop's first node once for every item of a list.",
  category: "logic",
  aliases: ["for-each"],
  configSchema: {
    type: "object",
    required: ["items", "rootNodeKey"],
    properties: {
      items: {
        title: "Items",
        description: "The list to go through: pick a list from an earlier step's output.",
        "x-editor": "list",
      },
      rootNodeKey: {
        type: "string",
        title: "First step of the loop",
        description: "The step each item starts at; it sees the item (and its position) under this step.",
        minLength: 1,
        "x-editor": "node",
      },
    },
  },
  validate: (config, contextSchema): ConfigIssue[] =>
    config.items === undefined
      ? []
      : validateFormulas(config.items, contextSchema).map((i) => ({
          path: i.path ? `items.${i.path}` : "items",
          message: i.message,
        })),
  outputSchema: () => ({
    type: "object",
    properties: {
      items: {
        type: "array",
        description: "One entry per item: the outputs that item's sub-flow produced.",
        items: { type: "array" },
      },
      count: { type: "number" },
    },
  }),
  execute: async (ctx) => {
    const rootNodeKey = ctx.config.rootNodeKey;
    if (typeof rootNodeKey !== "string" || !rootNodeKey) throw new Error("rootNodeKey is required");
    if (!ctx.runSubflow) throw new Error("This engine cannot run sub-flows");
    const value = await ctx.evaluate(ctx.config.items);
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      throw new Error(`items must evaluate to a list, got ${typeof value}`);
    }
    const list: unknown[] = value ?? [];
    ctx.log(`Iterating over ${list.length} item(s)`);
    const items: unknown[][] = [];
    for (const [index, item] of list.entries()) {
      if (ctx.signal.aborted) throw new Error(`Stopped after ${index} of ${list.length} item(s)`);
      items.push(await ctx.runSubflow(rootNodeKey, { ...ctx.input, [ctx.nodeKey]: { item, index } }));
    }
    return [{ items, count: items.length }];
  },
};

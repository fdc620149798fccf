import type { NodeType } from "./types";
import { evaluateCondition, validateFormulas } from "../core/formulas";

export const filterNode: NodeType = {
  type: "filter",
  name: "Filter",
  description: "Continues only when the condition holds; passes its input through.",
  category: "logic",
  configSchema: {
    type: "object",
    properties: {
      filter: {
        title: "Condition",
        description: "Items continue only when this holds",
        "x-editor": "condition",
      },
    },
  },
  validate: (config, contextSchema) =>
    config.filter === undefined
      ? []
      : validateFormulas(config.filter, contextSchema).map((i) => ({
          ...i,
          path: `filter${i.path ? "." + i.path : ""}`,
        })),
  outputSchema: (_config, inputSchema) => inputSchema,
  execute: async (ctx) => {
    const pass = await evaluateCondition(ctx.config.filter, ctx.formulaContext);
    ctx.log(pass ? "Condition is true: continuing" : "Condition is false: stopping this branch");
    return pass ? [ctx.input] : [];
  },
};

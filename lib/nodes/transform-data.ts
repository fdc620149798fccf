import type { NodeType } from "./types";
import { inferFormulaOutputSchema } from "../core/schema";
import { validateFormulas } from "../core/formulas";

export const transformData: NodeType = {
  type: "transform-data",
  name: "Transform data",
  description: "Builds a new record from fixed values and data from earlier steps.",
  category: "logic",
  configSchema: {
    type: "object",
    properties: {
      output: {
        title: "Output",
        description: "The fields this step outputs, each a fixed value or data from earlier steps",
      },
    },
    // The form shows the output schema inferred from this field as it is edited, before saving.
    "x-output-from": "output",
  },
  validate: (config, contextSchema) =>
    validateFormulas(config.output, contextSchema).map((i) => ({
      ...i,
      path: `output${i.path ? "." + i.path : ""}`,
    })),
  outputSchema: (config, inputSchema) =>
    inferFormulaOutputSchema(config.output ?? {}, { type: "object", properties: { input: inputSchema } }),
  execute: async (ctx) => [await ctx.evaluate(ctx.config.output ?? {})],
};

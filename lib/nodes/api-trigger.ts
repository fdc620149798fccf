import type { NodeType } from "./types";
import type { JsonSchema } from "../core/schema/json-schema";

export const apiTrigger: NodeType = {
  type: "api-trigger",
  name: "API trigger",
  description: "Starts the flow when a run is created through the API or the console, with the given input.",
  category: "trigger",
  configSchema: {
    type: "object",
    properties: {
      inputSchema: {
        type: "object",
        title: "Input schema",
        description: "The fields a run's input has (and must match), offered to later steps.",
      },
    },
  },
  outputSchema: (config) => (config.inputSchema as JsonSchema) ?? {},
  // The run's input becomes the trigger's single output (validated when the run is created).
  execute: async (ctx) => [ctx.formulaContext.flowRunInput ?? {}],
};

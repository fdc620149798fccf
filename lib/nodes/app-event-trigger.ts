import type { NodeType } from "./types";
import type { JsonSchema } from "../core/schema/json-schema";
import { validateFormulas } from "../core/formulas";

export const appEventTrigger: NodeType = {
  type: "app-event-trigger",
  name: "App event trigger",
  description: "Starts the flow when your app sends an event of this key for the customer.",
  category: "trigger",
  configSchema: {
    type: "object",
    required: ["appEventKey"],
    properties: {
      appEventKey: { type: "string", title: "App event key", minLength: 1 },
      filter: { title: "Filter", description: "Only events matching this condition start the flow" },
      eventSchema: { type: "object", title: "Event schema" },
    },
  },
  validate: (config) =>
    config.filter === undefined
      ? []
      : validateFormulas(config.filter).map((i) => ({ ...i, path: `filter${i.path ? "." + i.path : ""}` })),
  outputSchema: (config) => (config.eventSchema as JsonSchema) ?? {},
  execute: async (ctx) => [ctx.formulaContext.flowRunInput ?? {}],
};

import type { NodeType } from "./types";
import { cronIsValid } from "../core/cron";

export const scheduleTrigger: NodeType = {
  type: "schedule-trigger",
  name: "Schedule trigger",
  description: "Starts the flow every N minutes or on a cron schedule, for enabled instances only.",
  category: "trigger",
  configSchema: {
    type: "object",
    properties: {
      intervalMinutes: { type: "integer", minimum: 1, title: "Every N minutes" },
      cron: {
        type: "string",
        title: "Cron expression",
        description: "5 fields: minute hour day month weekday",
      },
      timezone: { type: "string", title: "Timezone", default: "UTC" },
    },
  },
  validate: (config) => {
    const issues = [];
    if (config.intervalMinutes === undefined && config.cron === undefined)
      issues.push({ path: "intervalMinutes", message: "Set intervalMinutes or cron" });
    if (typeof config.cron === "string" && !cronIsValid(config.cron))
      issues.push({ path: "cron", message: `Invalid cron expression "${config.cron}"` });
    return issues;
  },
  outputSchema: () => ({
    type: "object",
    properties: { scheduledAt: { type: "string", format: "date-time" } },
  }),
  execute: async (ctx) => [ctx.formulaContext.flowRunInput ?? { scheduledAt: new Date().toISOString() }],
};

import type { JsonSchema } from "../core/schema/json-schema";
import { isPlainObject } from "../core/schema/json-schema";
import type { NodeType } from "./types";

const EXAMPLE = `module.exports = async function ({ input, parameters, user, connection, flowInstance }) {
  return { ok: true };
};`;

export const runJavascript: NodeType = {
  type: "run-javascript",
  name: "Run JavaScript",
  description: "Runs your JavaScript in a sandbox (time and memory limited); its return value is the output.",
  category: "logic",
  configSchema: {
    type: "object",
    required: ["code"],
    properties: {
      code: {
        type: "string",
        title: "Code",
        description:
          "Exports one async function; it receives {input, parameters, user, connection, flowInstance, flowRun} " +
          "and returns a JSON value. console.log lines appear in the node's logs.",
        default: EXAMPLE,
        "x-editor": "code",
      },
      outputSchema: {
        type: "object",
        title: "Returned fields",
        description: "The fields of the returned value, so that later steps can pick them.",
      },
    },
  },
  outputSchema: (config) => (isPlainObject(config.outputSchema) ? (config.outputSchema as JsonSchema) : {}),
  execute: async (ctx) => {
    const code = ctx.config.code;
    if (typeof code !== "string" || !code.trim()) throw new Error("code is required");
    const f = ctx.formulaContext;
    // Only what a formula could see: never the connection's credentials.
    const args = {
      input: ctx.input,
      parameters: ctx.runtime.flowInstance.parameters,
      user: f.user,
      connection: f.connection,
      flowInstance: f.flowInstance,
      flowRun: f.flowRun,
    };
    const limits = ctx.runtime.sandbox;
    const result = await limits.run(code, args, limits, ctx.signal);
    for (const line of result.logs) ctx.log(line);
    if (result.ok) return [result.result];
    switch (result.error.kind) {
      case "timeout":
        throw new Error(`Code timed out after ${limits.timeoutMs} ms`);
      case "memory":
        throw new Error(`Code exceeded the memory limit (${limits.memoryMb} MB)`);
      default:
        throw new Error(result.error.message);
    }
  },
};

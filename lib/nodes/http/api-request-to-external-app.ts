import type { NodeType } from "../types";
import { requestExternalApp } from "./external-app";
import {
  allowNon2xxSchema,
  asRecord,
  httpOutputSchema,
  requestSchema,
  responseSchemaSchema,
  timeoutSchema,
  validateConfigFormulas,
} from "./schemas";

export const apiRequestToExternalApp: NodeType = {
  type: "api-request-to-external-app",
  name: "API request to external app",
  description:
    "Sends a request to the connection's external app, authenticated with the connection's credentials.",
  category: "http",
  // The SDK lists custom-api-request as the deprecated name of this node.
  aliases: ["custom-api-request"],
  configSchema: {
    type: "object",
    properties: {
      request: requestSchema("Path under the integration's base URI, e.g. /contacts (formulas allowed)."),
      responseSchema: responseSchemaSchema,
      allowNon2xx: allowNon2xxSchema,
      timeout: timeoutSchema,
    },
  },
  validate: (config, contextSchema) => validateConfigFormulas(config, ["request"], contextSchema),
  outputSchema: (config) => httpOutputSchema(config),
  execute: async (ctx) => {
    const request = asRecord(await ctx.evaluate(ctx.config.request ?? {}), "request") ?? {};
    const response = await requestExternalApp(ctx, {
      method: request.method as string | undefined,
      path: request.path,
      query: asRecord(request.query, "request.query"),
      headers: asRecord(request.headers, "request.headers"),
      data: request.data,
      timeoutMs: ctx.config.timeout as number | undefined,
      allowNon2xx: ctx.config.allowNon2xx === true,
    });
    return [response];
  },
};

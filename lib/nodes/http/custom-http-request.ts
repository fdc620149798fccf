import type { NodeType } from "../types";
import { resolveAppRelative } from "./auth";
import { sendHttpRequest } from "./client";
import {
  allowNon2xxSchema,
  asRecord,
  bodySchema,
  headersSchema,
  httpOutputSchema,
  methodSchema,
  queryParamsSchema,
  responseSchemaSchema,
  timeoutSchema,
  validateConfigFormulas,
} from "./schemas";

export const customHttpRequest: NodeType = {
  type: "custom-http-request",
  name: "Custom HTTP request",
  description: "Sends an HTTP request to any URL, without the connection's credentials.",
  category: "http",
  // The SDK lists api-request as the deprecated name of this node.
  aliases: ["api-request"],
  configSchema: {
    type: "object",
    required: ["url"],
    properties: {
      url: {
        type: ["string", "object"],
        title: "URL",
        description:
          "Full address, e.g. https://example.com/hook; it may include data from earlier steps. Private network addresses must be allowed by the administrator.",
        "x-editor": "value",
      },
      method: methodSchema,
      query: queryParamsSchema,
      headers: headersSchema,
      body: bodySchema,
      responseSchema: responseSchemaSchema,
      allowNon2xx: allowNon2xxSchema,
      timeout: timeoutSchema,
    },
  },
  validate: (config, contextSchema) =>
    validateConfigFormulas(config, ["url", "method", "query", "headers", "body"], contextSchema),
  outputSchema: (config) => httpOutputSchema(config),
  execute: async (ctx) => {
    const c = ctx.config;
    const url = await ctx.evaluate(c.url);
    if (typeof url !== "string" || !url) throw new Error("url must evaluate to a non-empty string");
    const response = await sendHttpRequest({
      method: (await ctx.evaluate(c.method)) as string | undefined,
      url: resolveAppRelative(url, ctx.runtime.appUrl),
      query: asRecord(await ctx.evaluate(c.query), "query"),
      headers: asRecord(await ctx.evaluate(c.headers), "headers"),
      body: await ctx.evaluate(c.body),
      timeoutMs: c.timeout as number | undefined,
      allowNon2xx: c.allowNon2xx === true,
      signal: ctx.signal,
      log: ctx.log,
      // No trustedBase: a URL from the flow (or a customer) is always checked, even one on APP_URL.
      policy: ctx.runtime.outbound,
    });
    return [response];
  },
};

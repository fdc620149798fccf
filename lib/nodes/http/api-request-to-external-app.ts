import type { NodeType } from "../types";
import { requestExternalApp } from "./external-app";
import { apiRequestNodeParts, asRecord } from "./schemas";

export const apiRequestToExternalApp: NodeType = {
  type: "api-request-to-external-app",
  name: "API request to external app",
  description:
    "Sends a request to the connection's external app, authenticated with the connection's credentials.",
  category: "http",
  // The SDK lists custom-api-request as the deprecated name of this node.
  aliases: ["custom-api-request"],
  ...apiRequestNodeParts(
    "Path under the app's base address, e.g. /contacts; it may include data from earlier steps.",
  ),
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

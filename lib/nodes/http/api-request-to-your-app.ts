import { SignJWT } from "jose";
import type { NodeRuntime, NodeType } from "../types";
import { joinUrl } from "./auth";
import { sendHttpRequest } from "./client";
import { apiRequestNodeParts, asRecord } from "./schemas";

/** A short-lived customer token, the same kind your app receives from Membrane: HS256, iss = workspace key. */
export async function signCustomerToken(runtime: NodeRuntime): Promise<string> {
  if (!runtime.workspaceSecret) throw new Error("The workspace secret is not configured");
  return new SignJWT({ id: runtime.customer.internalId, name: runtime.customer.name })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(runtime.workspaceKey)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(runtime.workspaceSecret));
}

export const apiRequestToYourApp: NodeType = {
  type: "api-request-to-your-app",
  name: "API request to your app",
  description: "Sends a request to your app's API with a customer token (Authorization: Bearer <JWT>).",
  category: "http",
  // The SDK lists http-request as the deprecated name of this node.
  aliases: ["http-request"],
  ...apiRequestNodeParts(
    "Path under your app's address, e.g. /api/contacts; it may include data from earlier steps.",
  ),
  execute: async (ctx) => {
    const request = asRecord(await ctx.evaluate(ctx.config.request ?? {}), "request") ?? {};
    if (!ctx.runtime.appUrl) throw new Error("Your app's URL (APP_URL) is not configured");
    const headers = Object.fromEntries(
      Object.entries(asRecord(request.headers, "request.headers") ?? {}).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const response = await sendHttpRequest({
      method: request.method as string | undefined,
      url: joinUrl(ctx.runtime.appUrl, request.path),
      query: asRecord(request.query, "request.query"),
      headers: { authorization: `Bearer ${await signCustomerToken(ctx.runtime)}`, ...headers },
      body: request.data,
      timeoutMs: ctx.config.timeout as number | undefined,
      allowNon2xx: ctx.config.allowNon2xx === true,
      signal: ctx.signal,
      log: ctx.log,
      policy: ctx.runtime.outbound,
      // Your app is APP_URL itself: this node type is the explicit way to reach it.
      trustedBase: ctx.runtime.appUrl,
    });
    return [response];
  },
};

import type { NodeExecuteContext } from "../types";
import { forgetCachedToken, integrationAuthHeaders, integrationBase, joinUrl } from "./auth";
import { assertOk, resolveTimeoutMs, sendHttpRequest, type HttpResponse } from "./client";

export type ExternalAppRequest = {
  method?: string;
  path?: unknown;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  data?: unknown;
  timeoutMs?: number;
  allowNon2xx?: boolean;
};

function lowerKeys(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * A request to the connection's external app: base URL from the integration, auth from its credentials.
 * Headers set in the node's config win over the generated auth headers (an explicit choice by the builder).
 * A 401 with a cached OAuth token drops the token and retries once with a fresh one.
 */
export async function requestExternalApp(
  ctx: NodeExecuteContext,
  req: ExternalAppRequest,
): Promise<HttpResponse> {
  const base = integrationBase(ctx.runtime);
  const url = joinUrl(base.url, req.path);
  const timeoutMs = resolveTimeoutMs(req.timeoutMs);
  const send = async (): Promise<{ response: HttpResponse; cachedTokenKey?: string }> => {
    const auth = await integrationAuthHeaders(ctx.runtime, { signal: ctx.signal, log: ctx.log, timeoutMs });
    const response = await sendHttpRequest({
      method: req.method,
      url,
      query: req.query,
      headers: { ...lowerKeys(auth.headers), ...lowerKeys(req.headers) },
      body: req.data,
      timeoutMs,
      allowNon2xx: true,
      secretHeaders: auth.secretHeaders,
      signal: ctx.signal,
      log: ctx.log,
      policy: ctx.runtime.outbound,
      ...(base.trusted ? { trustedBase: base.url } : {}),
    });
    return { response, cachedTokenKey: auth.cachedTokenKey };
  };
  const first = await send();
  let response = first.response;
  if (response.status === 401 && first.cachedTokenKey) {
    forgetCachedToken(first.cachedTokenKey);
    ctx.log("The cached OAuth token was rejected (401); retrying with a new token");
    response = (await send()).response;
  }
  if (!req.allowNon2xx) assertOk(response, req.method ?? "GET", url);
  return response;
}

import { jwtVerify, decodeProtectedHeader } from "jose";
import { NotAuthenticatedError } from "../core/errors";
import { getEnv } from "../env";

export type TokenClaims =
  | { kind: "admin" }
  | { kind: "customer"; internalId: string; name?: string; fields?: Record<string, unknown> };

const key = () => new TextEncoder().encode(getEnv().WORKSPACE_SECRET);

/**
 * Verifies a Membrane-style workspace token: HS256/HS512 signed with WORKSPACE_SECRET, iss = WORKSPACE_KEY,
 * and either `exp` or an `iat` no older than TOKEN_MAX_AGE_SECONDS.
 */
export async function verifyToken(token: string): Promise<TokenClaims> {
  const env = getEnv();
  let payload: Record<string, unknown>;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "HS256" && header.alg !== "HS512") throw new Error("alg");
    ({ payload } = await jwtVerify(token, key(), { algorithms: ["HS256", "HS512"] }));
  } catch (err) {
    const expired = (err as { code?: string }).code === "ERR_JWT_EXPIRED";
    throw new NotAuthenticatedError(expired ? "Token has expired" : "Invalid token");
  }
  if (typeof payload.exp !== "number") {
    // No expiry: accepted for TOKEN_MAX_AGE_SECONDS after it was issued, never forever.
    const iat = payload.iat;
    const now = Date.now() / 1000;
    if (typeof iat !== "number")
      throw new NotAuthenticatedError(
        "Token must have `exp` (or `iat`: it is then valid for TOKEN_MAX_AGE_SECONDS after it)",
      );
    if (now - iat > env.TOKEN_MAX_AGE_SECONDS || iat - now > 60)
      throw new NotAuthenticatedError(
        `Token has expired (no \`exp\`; issued more than ${env.TOKEN_MAX_AGE_SECONDS} s ago)`,
      );
  }
  const issuer = (payload.iss ?? payload.workspaceKey) as string | undefined;
  if (issuer !== env.WORKSPACE_KEY)
    throw new NotAuthenticatedError("Token was not issued for this workspace");
  if (payload.isAdmin === true) return { kind: "admin" };
  const internalId = payload.id ?? payload.tenantKey ?? payload.customerId;
  if (typeof internalId !== "string" || !internalId) {
    throw new NotAuthenticatedError("Token must have `id` (or `tenantKey`) or `isAdmin: true`");
  }
  return {
    kind: "customer",
    internalId,
    name: typeof payload.name === "string" ? payload.name : undefined,
    fields:
      payload.fields && typeof payload.fields === "object"
        ? (payload.fields as Record<string, unknown>)
        : undefined,
  };
}

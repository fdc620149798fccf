import crypto from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { getEnv } from "../env";

// Console sessions are signed cookies (stateless app servers) carrying a session id; sign-out records the
// id as revoked (lib/services/system/console-sessions.ts). The signing key is derived from WORKSPACE_SECRET
// and the admin password, so changing the password ends every session. The password is compared in
// constant time.
export const SESSION_COOKIE = "flowdeck_session";
export const SESSION_MAX_AGE_S = 12 * 3600;

const key = () =>
  crypto
    .createHash("sha256")
    .update("session:")
    .update(getEnv().WORKSPACE_SECRET)
    .update("\0")
    .update(getEnv().ADMIN_PASSWORD)
    .digest();

export function checkAdminPassword(password: string): boolean {
  const a = crypto.createHash("sha256").update(password).digest();
  const b = crypto.createHash("sha256").update(getEnv().ADMIN_PASSWORD).digest();
  return crypto.timingSafeEqual(a, b);
}

export type Session = { sid: string; expiresAt: Date };

export async function createSessionValue(): Promise<string> {
  return new SignJWT({ sub: "admin" })
    .setProtectedHeader({ alg: "HS256" })
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${SESSION_MAX_AGE_S}s`)
    .sign(key());
}

/** The session a cookie value carries when its signature and expiry are valid (revocation is checked apart). */
export async function readSessionValue(value: string | undefined): Promise<Session | undefined> {
  if (!value) return undefined;
  try {
    const { payload } = await jwtVerify(value, key(), { algorithms: ["HS256"] });
    if (typeof payload.jti !== "string" || typeof payload.exp !== "number") return undefined;
    return { sid: payload.jti, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return undefined;
  }
}

import crypto from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { getEnv } from "../env";

// Console sessions are a signed cookie (stateless app servers); the password is compared in constant time.
export const SESSION_COOKIE = "flowdeck_session";
const key = () => new TextEncoder().encode("session:" + getEnv().WORKSPACE_SECRET);

export function checkAdminPassword(password: string): boolean {
  const a = crypto.createHash("sha256").update(password).digest();
  const b = crypto.createHash("sha256").update(getEnv().ADMIN_PASSWORD).digest();
  return crypto.timingSafeEqual(a, b);
}

export async function createSessionValue(): Promise<string> {
  return new SignJWT({ sub: "admin" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("12h")
    .sign(key());
}

export async function verifySessionValue(value: string | undefined): Promise<boolean> {
  if (!value) return false;
  try {
    await jwtVerify(value, key(), { algorithms: ["HS256"] });
    return true;
  } catch {
    return false;
  }
}

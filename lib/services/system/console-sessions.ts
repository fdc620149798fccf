import type { Db } from "../../db/client";
import { insertSessionRevocation, isSessionRevoked } from "../../db/console-sessions";
import { readSessionValue, type Session } from "../../auth/session";

// A signed-in console session stays valid until it expires or is signed out. Whether it was signed out is
// read from the database (so sign-out on one app server ends the session on all of them) and remembered
// here for a few seconds: a request that follows a sign-out on another server may pass for that long.
const CHECK_TTL_MS = 3_000;
// On globalThis: Next.js's bundle (pages, server actions) and the API router's modules share one process.
const g = globalThis as unknown as {
  __flowdeckSessionChecks?: Map<string, { revoked: boolean; until: number }>;
};
const checked = (g.__flowdeckSessionChecks ??= new Map());

async function revoked(db: Db, sid: string): Promise<boolean> {
  const now = Date.now();
  const hit = checked.get(sid);
  if (hit && now < hit.until) return hit.revoked;
  const value = await isSessionRevoked(db, sid);
  if (checked.size >= 10_000) checked.clear();
  checked.set(sid, { revoked: value, until: value ? Infinity : now + CHECK_TTL_MS });
  return value;
}

/** The session of a console cookie, if it is valid and not signed out. */
export async function verifyConsoleSession(db: Db, cookie: string | undefined): Promise<Session | undefined> {
  const session = await readSessionValue(cookie);
  if (!session) return undefined;
  return (await revoked(db, session.sid)) ? undefined : session;
}

/** Sign-out: the session's cookie is refused from now on, on every app server. */
export async function revokeConsoleSession(db: Db, cookie: string | undefined): Promise<void> {
  const session = await readSessionValue(cookie);
  if (!session) return;
  await insertSessionRevocation(db, session.sid, session.expiresAt);
  checked.set(session.sid, { revoked: true, until: Infinity });
}

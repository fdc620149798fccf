import { lt, sql } from "drizzle-orm";
import type { DbOrTx } from "./client";
import { consoleSessionRevocations } from "./schema";

/** Records that a console session ended (sign-out); expired records are dropped on the way. */
export async function insertSessionRevocation(db: DbOrTx, sid: string, expiresAt: Date): Promise<void> {
  await db.delete(consoleSessionRevocations).where(lt(consoleSessionRevocations.expiresAt, sql`now()`));
  await db.insert(consoleSessionRevocations).values({ sid, expiresAt }).onConflictDoNothing();
}

export async function isSessionRevoked(db: DbOrTx, sid: string): Promise<boolean> {
  const found = await db
    .select({ sid: consoleSessionRevocations.sid })
    .from(consoleSessionRevocations)
    .where(sql`${consoleSessionRevocations.sid} = ${sid}`)
    .limit(1);
  return found.length > 0;
}

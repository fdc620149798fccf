import { rows, sql, type Db } from "./client";

/**
 * The database's current snapshot (`pg_current_snapshot()`: xmin:xmax:in-progress xids) as a change token.
 * Every transaction that writes gets a transaction id: while it runs its id is in the snapshot's in-progress
 * list or at/after xmax; when it commits, that list or xmax changes (and neither ever goes back). So two
 * equal snapshot texts mean that no write committed in between — in any table, from any process or
 * connection (app servers, worker processes, psql). Writes that take no transaction id (sequence increments)
 * never reach API responses.
 */
export async function snapshotText(db: Db): Promise<string> {
  const [row] = await rows<{ s: string }>(db, sql`SELECT pg_current_snapshot()::text AS s`);
  return row.s;
}

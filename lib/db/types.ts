import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import type * as schema from "./schema";

// The database handle's types and the raw-query helper, apart from lib/db/client.ts (which opens the
// database) so that modules client.ts itself loads, such as queue.ts, do not import it back.
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** Rows a raw INSERT/UPDATE/DELETE touched (PGlite says `affectedRows`, node-postgres `rowCount`). */
export async function affected(db: DbOrTx, query: SQL): Promise<number> {
  const res = (await db.execute(query)) as unknown as { affectedRows?: number; rowCount?: number | null };
  return res.affectedRows ?? res.rowCount ?? 0;
}

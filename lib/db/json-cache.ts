import { is, type SQL, type SQLWrapper } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";
import { arrayRows } from "./array-rows";
import { CharBoundedLru } from "../core/char-lru";
import { getEnv } from "../env";

type Built = { toSQL(): { sql: string; params: unknown[] } };

// API JSON of a row, cached by row version. PostgreSQL writes every UPDATE as a new tuple with the writing
// transaction's id in `xmin`, so (row id, xmin of each row read) names exactly one committed version and the
// JSON built from it never goes stale: any write changes the key. This holds across processes (PostgreSQL
// workers, several app servers) with no invalidation messages. Only two versions written by one transaction
// share an xmin, and outside that transaction only its last one is ever visible, so reads inside a
// transaction bypass the cache. Entries are bounded (lib/core/char-lru.ts, least recently used out first).
// API_READ_CACHE=off turns it off (lib/server/read-cache.ts: the switch of both read caches).

const cache = new CharBoundedLru<string>(32_000_000);

/** Row JSON so far, reused from the cache or built by the database (GET /api/metrics). */
export const rowJsonStats = { reused: 0, built: 0 };

/** For tests: how many row versions are cached. */
export const jsonCacheSize = () => cache.size;

/**
 * Rows (id + JSON text) in the order the version query returns them: one light query for ids and versions,
 * and the JSON built by the database only for versions not cached yet.
 */
export async function cachedJsonRows(
  db: DbOrTx,
  kind: string,
  /** A select of [id, version] (in the list's order). */
  versions: Built,
  /** A select of [id, version, json] for these ids. */
  jsonOf: (ids: string[]) => Built,
): Promise<{ id: string; json: string }[]> {
  const rows = (await arrayRows(db, versions, { prepare: true })) as [string, string][];
  const out: { id: string; json: string | undefined }[] = rows.map(([id, version]) => ({
    id,
    json: cache.get(`${kind}:${id}:${version}`),
  }));
  const missing = out.filter((r) => r.json === undefined).map((r) => r.id);
  rowJsonStats.reused += out.length - missing.length;
  rowJsonStats.built += missing.length;
  if (missing.length) {
    const built = new Map<string, string>();
    for (const [id, version, json] of (await arrayRows(db, jsonOf(missing))) as [string, string, string][]) {
      built.set(id, json);
      cache.set(`${kind}:${id}:${version}`, json, json.length);
    }
    for (const r of out) if (r.json === undefined) r.json = built.get(r.id);
  }
  // A row deleted between the two queries is left out, as if the list had been read a moment later.
  return out.filter((r): r is { id: string; json: string } => r.json !== undefined);
}

/** The columns a one-row JSON read selects: the row's id, the versions of the rows read, the JSON. */
type JsonRowFields = { id: SQLWrapper; version: SQL; json: SQL };

/**
 * The JSON of the one row `read` finds (undefined when none): through the cache where it may be used (a
 * version read, and the JSON only for a version not cached yet), else one read of the JSON. `read(fields,
 * ids)` is the query selecting `fields`, narrowed to `ids` when given.
 */
export async function cachedJsonRow(
  db: DbOrTx,
  kind: string,
  { id, version, json }: JsonRowFields,
  read: (fields: Partial<JsonRowFields>, ids?: string[]) => Built & PromiseLike<unknown[]>,
): Promise<string | undefined> {
  if (!canCache(db)) {
    const [row] = (await read({ id, json })) as { json: string }[];
    return row?.json;
  }
  const [row] = await cachedJsonRows(db, kind, read({ id, version }), (ids) =>
    read({ id, version, json }, ids),
  );
  return row?.json;
}

/**
 * Whether reads through `db` may use the cache: not with API_READ_CACHE=off, and not inside a transaction
 * (its reads may see versions that never commit under that xmin).
 */
export const canCache = (db: DbOrTx) => getEnv().API_READ_CACHE !== "off" && !is(db, PgTransaction);

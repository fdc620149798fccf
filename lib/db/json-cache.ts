import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";
import { arrayRows } from "./array-rows";

type Built = { toSQL(): { sql: string; params: unknown[] } };

// API JSON of a row, cached by row version. PostgreSQL writes every UPDATE as a new tuple with the writing
// transaction's id in `xmin`, so (row id, xmin of each row read) names exactly one committed version and the
// JSON built from it never goes stale: any write changes the key. This holds across processes (PostgreSQL
// workers, several app servers) with no invalidation messages. Only two versions written by one transaction
// share an xmin, and outside that transaction only its last one is ever visible, so reads inside a
// transaction bypass the cache. Entries are bounded (least recently used out first).

const MAX_CHARS = 32_000_000;
const cache = new Map<string, string>();
let chars = 0;

function lookup(key: string): string | undefined {
  const v = cache.get(key);
  if (v !== undefined) {
    cache.delete(key);
    cache.set(key, v);
  }
  return v;
}

function store(key: string, json: string) {
  if (json.length > MAX_CHARS / 100) return;
  const old = cache.get(key);
  if (old !== undefined) chars -= old.length;
  cache.set(key, json);
  chars += json.length;
  for (const [k, v] of cache) {
    if (chars <= MAX_CHARS) break;
    cache.delete(k);
    chars -= v.length;
  }
}

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
    json: lookup(`${kind}:${id}:${version}`),
  }));
  const missing = out.filter((r) => r.json === undefined).map((r) => r.id);
  if (missing.length) {
    const built = new Map<string, string>();
    for (const [id, version, json] of (await arrayRows(db, jsonOf(missing))) as [string, string, string][]) {
      built.set(id, json);
      store(`${kind}:${id}:${version}`, json);
    }
    for (const r of out) if (r.json === undefined) r.json = built.get(r.id);
  }
  // A row deleted between the two queries is left out, as if the list had been read a moment later.
  return out.filter((r): r is { id: string; json: string } => r.json !== undefined);
}

/** Reads inside a transaction may see versions that never commit under that xmin: no caching there. */
export const canCache = (db: DbOrTx) => !is(db, PgTransaction);

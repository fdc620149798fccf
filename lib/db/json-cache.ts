import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

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
  kind: string,
  versions: () => Promise<{ id: string; version: string }[]>,
  jsonOf: (ids: string[]) => Promise<{ id: string; version: string; json: string }[]>,
): Promise<{ id: string; json: string }[]> {
  const rows = await versions();
  const out: { id: string; json: string | undefined }[] = rows.map((r) => ({
    id: r.id,
    json: lookup(`${kind}:${r.id}:${r.version}`),
  }));
  const missing = out.filter((r) => r.json === undefined).map((r) => r.id);
  if (missing.length) {
    const built = new Map<string, string>();
    for (const r of await jsonOf(missing)) {
      built.set(r.id, r.json);
      store(`${kind}:${r.id}:${r.version}`, r.json);
    }
    for (const r of out) if (r.json === undefined) r.json = built.get(r.id);
  }
  // A row deleted between the two queries is left out, as if the list had been read a moment later.
  return out.filter((r): r is { id: string; json: string } => r.json !== undefined);
}

/** Reads inside a transaction may see versions that never commit under that xmin: no caching there. */
export const canCache = (db: DbOrTx) => !is(db, PgTransaction);

import type { Db } from "../db/client";
import { snapshotText } from "../db/snapshot";
import { rowJsonStats } from "../db/json-cache";
import { batcher } from "../engine/batcher";
import { getEnv } from "../env";
import { CharBoundedLru } from "../core/char-lru";

// Responses of API reads, validated against the database snapshot (lib/db/snapshot.ts) on every request.
// (A query per turn of the event loop, not per request: see currentSnapshot.)
// A read's JSON is a function of who asks, what they ask (path and query) and what the database holds; a
// response computed after snapshot S is served again only while the current snapshot is still S, i.e. while
// no write has committed anywhere since. Every response therefore reflects the database as of a moment
// after its request arrived (read-your-writes and monotonic reads hold, across processes), exactly as
// without the cache. Under a steady stream of writes (a busy engine) snapshots change constantly and every
// read is computed afresh (plus the shared snapshot query); while no write commits, repeated reads cost a share
// of one snapshot query instead of their own queries and JSON.
//
// Identical requests that arrive while one is being computed under the same snapshot share that computation.
// Failed computations are not kept. Entries are bounded (32 M characters of JSON per database), least recently
// used out first (lib/core/char-lru.ts, the store of both read caches). API_READ_CACHE: "on" (both caches),
// "rows" (only the row-JSON cache of lib/db/json-cache.ts: every response computed), "off" (neither).

/** A response body: the text, and its UTF-8 and gzip encodings made once for every response sharing it. */
export type Body = { text: string; buf?: Buffer; gzip?: Promise<Buffer> };

type Entry = { snapshot: string; body: Promise<Body> };

const MAX_CHARS = 32_000_000;

/** The entries of each database handle (tests open several in one process). */
const stores = new WeakMap<Db, CharBoundedLru<Entry>>();
const snapshots = new WeakMap<Db, (item: null) => Promise<string>>();

/**
 * The current snapshot, from a query started after this call. Calls share queries as in a group commit
 * (lib/engine/batcher.ts): the calls of an event-loop turn share one, and calls made while one is in flight
 * wait for the next, never taking an answer that may predate a write their caller has seen.
 */
export function currentSnapshot(db: Db): Promise<string> {
  let next = snapshots.get(db);
  if (!next) {
    next = batcher(
      "snapshot",
      async (calls: null[]) => {
        const s = await snapshotText(db);
        return calls.map(() => s);
      },
      Infinity,
    );
    snapshots.set(db, next);
  }
  return next(null);
}

/**
 * API reads so far, reused or computed, and the rows of computed reads whose JSON was reused or built
 * (GET /api/metrics).
 */
export const readCacheStats = { reused: 0, computed: 0, rows: rowJsonStats };

/**
 * The body for `key`: the cached one if the database has not changed since it was computed, else
 * `compute()`'s (shared with identical requests arriving meanwhile).
 */
export async function cachedRead(db: Db, key: string, compute: () => Promise<string>): Promise<Body> {
  if (getEnv().API_READ_CACHE !== "on") return { text: await compute() };
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new CharBoundedLru<Entry>(MAX_CHARS)));
  const snapshot = await currentSnapshot(db);
  const hit = store.get(key);
  if (hit && hit.snapshot === snapshot) {
    readCacheStats.reused++;
    return hit.body;
  }
  readCacheStats.computed++;
  const entry: Entry = { snapshot, body: compute().then((text) => ({ text })) };
  store.set(key, entry);
  try {
    const body = await entry.body;
    store.resize(key, entry, body.text.length);
    return body;
  } catch (err) {
    store.delete(key, entry);
    throw err;
  }
}

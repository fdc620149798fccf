import crypto from "node:crypto";
import type { Db } from "../db/client";
import { postgresUrlOf } from "../db/client";
import { listenChanges, notifyChanges, type ChangeListener } from "../db/change-feed";

// The change stream behind GET /api/events: small JSON events about runs (state, node states) and flow
// instances (enabled, customized, archived, setup), each with an id and the customer it belongs to.
// Every process keeps the recent events in a ring (the replay window of `Last-Event-ID`) and hands new ones
// to its subscribers. On PostgreSQL the events of one process reach the others through one NOTIFY per
// published batch (lib/db/change-feed.ts); with the embedded database there is only this process.

export type RunChange = {
  type: "run";
  runId: string;
  instanceId: string;
  state: string;
  /** The run's node states and counts (FlowRun.nodes), when they changed. */
  nodes?: Record<string, unknown>;
};
export type InstanceChange = { type: "instance"; instanceId: string; action: string };
export type ChangeEvent = RunChange | InstanceChange;

export type ChangeEntry = {
  id: string;
  customerId: string;
  /** The event's JSON, as sent to clients. */
  data: string;
};

type Subscriber = { customerId?: string; onEvent: (e: ChangeEntry) => void; onResync: () => void };

const RING_MAX = 5_000;
const RING_MAX_AGE_MS = 10 * 60_000;

type Hub = {
  origin: string;
  seq: number;
  arrivals: number;
  ring: { n: number; at: number; entry: ChangeEntry }[];
  index: Map<string, number>;
  subscribers: Set<Subscriber>;
  pending: string[];
  flushing: boolean;
  notifier?: (items: string[]) => Promise<void>;
  listener?: ChangeListener;
  feedDb?: Db;
};

// On globalThis: Next.js bundles this module more than once (instrumentation, each route).
const g = globalThis as unknown as { __flowdeckChanges?: Hub };
const hub: Hub = (g.__flowdeckChanges ??= {
  origin: crypto.randomBytes(4).toString("hex"),
  seq: 0,
  arrivals: 0,
  ring: [],
  index: new Map(),
  subscribers: new Set(),
  pending: [],
  flushing: false,
});

/** The id a stream that has seen nothing yet resumes from: every event this process has after it. */
const startId = () => `${hub.origin}-0`;

function append(entry: ChangeEntry) {
  if (hub.index.has(entry.id)) return;
  const now = Date.now();
  const n = ++hub.arrivals;
  hub.ring.push({ n, at: now, entry });
  hub.index.set(entry.id, n);
  while (hub.ring.length > RING_MAX || (hub.ring.length && now - hub.ring[0].at > RING_MAX_AGE_MS))
    hub.index.delete(hub.ring.shift()!.entry.id);
  for (const s of hub.subscribers) if (!s.customerId || s.customerId === entry.customerId) s.onEvent(entry);
}

/** Publishes events (after the change committed). On PostgreSQL one NOTIFY carries all events of a tick. */
export function publishChanges(changes: { customerId: string; event: ChangeEvent }[]) {
  if (!changes.length) return;
  for (const c of changes) {
    const entry: ChangeEntry = {
      id: `${hub.origin}-${++hub.seq}`,
      customerId: c.customerId,
      data: JSON.stringify(c.event),
    };
    append(entry);
    if (hub.notifier) hub.pending.push(JSON.stringify([entry.id, entry.customerId, entry.data]));
  }
  if (hub.notifier && !hub.flushing) {
    hub.flushing = true;
    queueMicrotask(() => {
      const items = hub.pending;
      hub.pending = [];
      hub.flushing = false;
      hub.notifier?.(items).catch((err) => console.error("[changes] notify failed:", (err as Error).message));
    });
  }
}

type RunRowLike = {
  id: string;
  customerId: string;
  flowInstanceId: string;
  state: string;
  nodes?: unknown;
};

/** Publishes the new state of runs (and their node states when `withNodes`). */
export function publishRunChanges(rows: RunRowLike[], withNodes = true) {
  publishChanges(
    rows.map((r) => ({
      customerId: r.customerId,
      event: {
        type: "run",
        runId: r.id,
        instanceId: r.flowInstanceId,
        state: r.state,
        ...(withNodes && r.nodes && typeof r.nodes === "object"
          ? { nodes: r.nodes as Record<string, unknown> }
          : {}),
      },
    })),
  );
}

/**
 * Connects this process to the other processes on the same PostgreSQL database (no-op on the embedded
 * database, and when already connected).
 */
export function startChangeFeed(db: Db, opts: { listen?: boolean } = {}) {
  const url = postgresUrlOf(db);
  if (!url || hub.notifier) return;
  hub.feedDb = db;
  hub.notifier = (items) => notifyChanges(db, hub.origin, items);
  if (opts.listen === false) return; // a worker process publishes only
  hub.listener = listenChanges(
    url,
    (payload) => {
      let msg: { o?: string; e?: [string, string, string][] };
      try {
        msg = JSON.parse(payload);
      } catch {
        return;
      }
      if (msg.o === hub.origin || !Array.isArray(msg.e)) return;
      for (const [id, customerId, data] of msg.e) append({ id, customerId, data });
    },
    () => {
      for (const s of hub.subscribers) s.onResync();
    },
  );
}

export async function stopChangeFeed() {
  const l = hub.listener;
  hub.listener = undefined;
  hub.notifier = undefined;
  await l?.close();
}

/**
 * The events after `lastEventId` (of one customer, or all for admins), oldest first, and the newest id of
 * the window; "resync" when that id is no longer (or never was) in the window.
 */
export function replayChanges(opts: { customerId?: string; lastEventId?: string }): {
  replay: ChangeEntry[] | "resync";
  headId: string;
} {
  let replay: ChangeEntry[] | "resync" = [];
  if (opts.lastEventId) {
    const from = opts.lastEventId === startId() ? 0 : hub.index.get(opts.lastEventId);
    if (from === undefined || (from === 0 && hub.ring.length && hub.ring[0].n > 1)) replay = "resync";
    else
      replay = hub.ring
        .filter((r) => r.n > from && (!opts.customerId || r.entry.customerId === opts.customerId))
        .map((r) => r.entry);
  }
  return { replay, headId: hub.ring.at(-1)?.entry.id ?? startId() };
}

/**
 * Subscribes to the events of one customer (or all, for admins). With `lastEventId`, the events after it
 * are replayed first; `replay` is "resync" when that id is no longer (or never was) in the window.
 */
export function subscribeChanges(opts: {
  customerId?: string;
  lastEventId?: string;
  onEvent: (e: ChangeEntry) => void;
  onResync: () => void;
}): { replay: ChangeEntry[] | "resync"; headId: string; unsubscribe: () => void } {
  const { replay, headId } = replayChanges(opts);
  const sub: Subscriber = { customerId: opts.customerId, onEvent: opts.onEvent, onResync: opts.onResync };
  hub.subscribers.add(sub);
  return { replay, headId, unsubscribe: () => void hub.subscribers.delete(sub) };
}

export const subscriberCount = () => hub.subscribers.size;

import { DomainError } from "../../core/errors";
import { replayChanges, subscribeChanges, type ChangeEntry } from "../../engine/changes";
import type { Ctx } from "../context";

// GET /api/events: the change stream as Server-Sent Events, scoped like the REST reads (a customer sees
// the events of its own runs and instances; an admin or console operator sees all).

/** Concurrent streams per caller (a customer, the admin token, the console session). */
export const STREAMS_PER_CALLER = { customer: 20, admin: 1_000 } as const;
const HEARTBEAT_MS = 15_000;
/** A client this far behind (bytes queued) is dropped: its reconnect resumes or resynchronises it. */
const MAX_QUEUED_BYTES = 1_000_000;
/**
 * Streams are written at most this often (the first change after a quiet spell goes out at once): under
 * load every stream gets one chunk per interval instead of one per published batch, and each chunk is a
 * socket write for each of hundreds of clients.
 */
const FLUSH_MS = 25;

const g = globalThis as unknown as { __flowdeckStreams?: Map<string, number>; __flowdeckOutbox?: Outbox };
const open = (g.__flowdeckStreams ??= new Map<string, number>());

const encoder = new TextEncoder();
const frame = (e: ChangeEntry) => `id: ${e.id}\nevent: change\ndata: ${e.data}\n\n`;
/** An event's frame, encoded once for all its streams (and for replays). */
const frames = new WeakMap<ChangeEntry, Uint8Array>();
const encodedFrame = (e: ChangeEntry) => {
  let b = frames.get(e);
  if (!b) frames.set(e, (b = encoder.encode(frame(e))));
  return b;
};
const RESYNC = encoder.encode(
  'event: resync\ndata: {"reason":"events may have been missed: read again"}\n\n',
);
const HEARTBEAT = encoder.encode(": heartbeat\n\n");

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** One open stream: its scope (a customer's id, or ALL) and how to hand it bytes. */
type Stream = { scope: string; write: (bytes: Uint8Array) => void };
const ALL = "*";

/**
 * The fan-out of this process's streams: one subscription to the change hub for all of them. The events
 * that arrive between two flushes are encoded and joined once per scope (all events for the admins' streams,
 * each customer's own for its streams), and every stream of a scope is handed the same bytes: the cost of
 * an event no longer grows with the number of clients, only the one write per stream and flush does.
 */
type Outbox = {
  streams: Map<string, Set<Stream>>;
  size: number;
  pending: ChangeEntry[];
  timer?: ReturnType<typeof setTimeout>;
  lastFlush: number;
  unsubscribe?: () => void;
};
const outbox: Outbox = (g.__flowdeckOutbox ??= { streams: new Map(), size: 0, pending: [], lastFlush: 0 });

function flush() {
  clearTimeout(outbox.timer);
  outbox.timer = undefined;
  const entries = outbox.pending;
  if (!entries.length) return;
  outbox.pending = [];
  outbox.lastFlush = Date.now();
  const all: Uint8Array[] = [];
  const byCustomer = new Map<string, Uint8Array[]>();
  for (const e of entries) {
    const b = encodedFrame(e);
    all.push(b);
    const mine = byCustomer.get(e.customerId);
    if (mine) mine.push(b);
    else byCustomer.set(e.customerId, [b]);
  }
  const admins = outbox.streams.get(ALL);
  if (admins) {
    const bytes = concat(all);
    for (const s of admins) s.write(bytes);
  }
  for (const [customerId, parts] of byCustomer) {
    const streams = outbox.streams.get(customerId);
    if (!streams) continue;
    const bytes = concat(parts);
    for (const s of streams) s.write(bytes);
  }
}

function schedule() {
  if (outbox.timer) return;
  const wait = Math.max(0, outbox.lastFlush + FLUSH_MS - Date.now());
  // setTimeout(0) rather than a microtask: the events the engine publishes in one turn leave together.
  outbox.timer = setTimeout(flush, wait);
}

function addStream(s: Stream) {
  let set = outbox.streams.get(s.scope);
  if (!set) outbox.streams.set(s.scope, (set = new Set()));
  set.add(s);
  outbox.size++;
  outbox.unsubscribe ??= subscribeChanges({
    onEvent: (e) => {
      outbox.pending.push(e);
      schedule();
    },
    onResync: () => {
      flush();
      for (const set of outbox.streams.values()) for (const stream of set) stream.write(RESYNC);
    },
  }).unsubscribe;
}

function removeStream(s: Stream) {
  const set = outbox.streams.get(s.scope);
  if (!set?.delete(s)) return;
  outbox.size--;
  if (!set.size) outbox.streams.delete(s.scope);
  if (outbox.size === 0) {
    outbox.unsubscribe?.();
    outbox.unsubscribe = undefined;
    clearTimeout(outbox.timer);
    outbox.timer = undefined;
    outbox.pending = [];
  }
}

/** Where an open stream's bytes go: a web stream (Next.js, tests) or a Node response (scripts/server.ts). */
export type EventSink = {
  write: (bytes: Uint8Array) => void;
  /** Bytes handed over and not yet sent: a client this far behind is dropped (its reconnect resumes it). */
  backlog: () => number;
  end: () => void;
};

/**
 * A stream counted against its caller's limit: `start` it on a sink (once); `stop` ends it, or gives its
 * place back when it never started (a client gone before its first read).
 */
export type PendingEventStream = { start: (sink: EventSink) => void; stop: () => void };

/**
 * Opens a change stream for the caller: counts it against the caller's limit (429 past it) and returns how
 * to start it on a sink. Started, it writes `retry`, the replay after `lastEventId` (or `resync`) and
 * `ready` in one chunk, then the scope's events as the fan-out flushes them, and a heartbeat comment.
 */
export function reserveEventStream({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { lastEventId?: string; heartbeatMs?: number };
}): PendingEventStream {
  const p = ctx.principal;
  const caller = p.kind === "customer" ? `customer:${p.customerId}` : `admin:${p.via}`;
  const limit = p.kind === "customer" ? STREAMS_PER_CALLER.customer : STREAMS_PER_CALLER.admin;
  const count = open.get(caller) ?? 0;
  if (count >= limit)
    throw new DomainError(
      429,
      "bad_request",
      `Too many open event streams for this caller (at most ${limit}); close one first`,
      "too_many_streams",
    );
  open.set(caller, count + 1);
  let state: "reserved" | "started" | "stopped" = "reserved";
  let stopStarted = () => {};
  const stop = () => {
    if (state === "stopped") return;
    if (state === "started") stopStarted();
    state = "stopped";
    const left = (open.get(caller) ?? 1) - 1;
    if (left > 0) open.set(caller, left);
    else open.delete(caller);
  };
  return {
    stop,
    start(sink) {
      if (state === "stopped") return sink.end();
      if (state === "started") throw new Error("an event stream starts once");
      state = "started";
      const stream: Stream = {
        scope: p.kind === "customer" ? p.customerId : ALL,
        write: (bytes) => {
          if (state !== "started") return;
          if (sink.backlog() > MAX_QUEUED_BYTES) return stop();
          sink.write(bytes);
        },
      };
      // What the other streams are still owed goes out first: from here on this stream gets exactly the
      // events after its replay.
      flush();
      const sub = replayChanges({
        customerId: p.kind === "customer" ? p.customerId : undefined,
        lastEventId: input.lastEventId,
      });
      addStream(stream);
      const heartbeat = setInterval(() => stream.write(HEARTBEAT), input.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref?.();
      stopStarted = () => {
        clearInterval(heartbeat);
        removeStream(stream);
        sink.end();
      };
      // `retry` tells EventSource how soon to reconnect; `ready` carries the id to resume from. One chunk.
      const readyId = sub.replay === "resync" || !sub.replay.length ? sub.headId : sub.replay.at(-1)!.id;
      stream.write(
        concat([
          encoder.encode("retry: 2000\n\n"),
          ...(sub.replay === "resync" ? [RESYNC] : sub.replay.map(encodedFrame)),
          encoder.encode(`id: ${readyId}\nevent: ready\ndata: {}\n\n`),
        ]),
      );
    },
  };
}

/**
 * A pending stream as a web ReadableStream, started when it is first read (so a Response that carries it
 * costs nothing when scripts/server.ts writes the stream to the socket itself), stopped when cancelled or
 * when `signal` aborts.
 */
export function readableEventStream(pending: PendingEventStream, signal?: AbortSignal) {
  let pulled = false;
  signal?.addEventListener("abort", pending.stop, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled) return;
        pulled = true;
        pending.start({
          write: (bytes) => controller.enqueue(bytes),
          backlog: () => -(controller.desiredSize ?? 0),
          end: () => {
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          },
        });
      },
      cancel: pending.stop,
    },
    // Counted in bytes (the backlog), and nothing is pulled before the first read.
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
}

/** A change stream for the caller as a web ReadableStream (reserveEventStream + readableEventStream). */
export function openEventStream({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { lastEventId?: string; signal?: AbortSignal; heartbeatMs?: number };
}): ReadableStream<Uint8Array> {
  return readableEventStream(reserveEventStream({ ctx, input }), input.signal);
}

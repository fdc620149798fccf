import { DomainError } from "../../core/errors";
import { subscribeChanges, type ChangeEntry } from "../../engine/changes";
import type { Ctx } from "../context";

// GET /api/events: the change stream as Server-Sent Events, scoped like the REST reads (a customer sees
// the events of its own runs and instances; an admin or console operator sees all).

/** Concurrent streams per caller (a customer, the admin token, the console session). */
export const STREAMS_PER_CALLER = { customer: 20, admin: 1_000 } as const;
const HEARTBEAT_MS = 15_000;
/** A client this far behind (bytes queued) is dropped: its reconnect resumes or resynchronises it. */
const MAX_QUEUED_BYTES = 1_000_000;

const g = globalThis as unknown as { __flowdeckStreams?: Map<string, number> };
const open = (g.__flowdeckStreams ??= new Map<string, number>());

const encoder = new TextEncoder();
const frame = (e: ChangeEntry) => `id: ${e.id}\nevent: change\ndata: ${e.data}\n\n`;
/** An event's frame, encoded once for all its streams. */
const frames = new WeakMap<ChangeEntry, Uint8Array>();
const encodedFrame = (e: ChangeEntry) => {
  let b = frames.get(e);
  if (!b) frames.set(e, (b = encoder.encode(frame(e))));
  return b;
};
const RESYNC = 'event: resync\ndata: {"reason":"events may have been missed: read again"}\n\n';

export function openEventStream({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { lastEventId?: string; signal?: AbortSignal; heartbeatMs?: number };
}): ReadableStream<Uint8Array> {
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

  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      // The events of one published batch leave as one chunk (one write per stream, not per event).
      let batch: Uint8Array[] = [];
      const flush = () => {
        const parts = batch;
        batch = [];
        if (closed || !parts.length) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) {
          finish();
          return;
        }
        if (parts.length === 1) return controller.enqueue(parts[0]);
        const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of parts) {
          out.set(b, at);
          at += b.length;
        }
        controller.enqueue(out);
      };
      const push = (bytes: Uint8Array) => {
        if (closed) return;
        if (!batch.length) queueMicrotask(flush);
        batch.push(bytes);
      };
      const send = (text: string) => push(encoder.encode(text));
      const sub = subscribeChanges({
        customerId: p.kind === "customer" ? p.customerId : undefined,
        lastEventId: input.lastEventId,
        onEvent: (e) => push(encodedFrame(e)),
        onResync: () => send(RESYNC),
      });
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), input.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref?.();
      const finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        sub.unsubscribe();
        const left = (open.get(caller) ?? 1) - 1;
        if (left > 0) open.set(caller, left);
        else open.delete(caller);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = finish;
      input.signal?.addEventListener("abort", finish, { once: true });
      // `retry` tells EventSource how soon to reconnect; `ready` carries the id to resume from.
      send(`retry: 2000\n\n`);
      if (sub.replay === "resync") send(RESYNC);
      else for (const e of sub.replay) push(encodedFrame(e));
      send(
        `id: ${sub.replay === "resync" || !sub.replay.length ? sub.headId : sub.replay.at(-1)!.id}\nevent: ready\ndata: {}\n\n`,
      );
    },
    cancel() {
      cleanup();
    },
  });
}

// The replay window of the change stream: a client that comes back after more events than the window
// holds (5,000 per process) went by cannot be replayed what it missed, so it gets `resync` (read again)
// instead of a silent gap; one that comes back within the window gets exactly its own missed events.
import { describe, expect, it } from "vitest";
import { testDb, uid } from "@/tests/helpers";
import { publishChanges } from "@/lib/engine/changes";
import { openEventStream } from "@/lib/services/events/open-event-stream";
import type { Ctx } from "@/lib/services/context";
import { SseReader } from "./fixtures/sse";

const WINDOW = 5_000;

async function customerCtx(): Promise<{ ctx: Ctx; customerId: string }> {
  const { db } = await testDb();
  const customerId = uid("cust-");
  return { ctx: { principal: { kind: "customer", customerId, internalId: customerId }, db }, customerId };
}

const run = (runId: string, state: string) => ({
  type: "run" as const,
  runId,
  instanceId: "inst",
  state,
});

async function resume(ctx: Ctx, lastEventId: string) {
  const s = new SseReader(openEventStream({ ctx, input: { lastEventId } }));
  await s.until((r) => r.events.some((e) => e.event === "ready"));
  await s.cancel();
  return s;
}

describe("change stream replay window", () => {
  it("replays what a client missed within the window and asks it to resync past it", async () => {
    const { ctx, customerId } = await customerCtx();
    const live = new SseReader(openEventStream({ ctx, input: {} }));
    await live.until((r) => r.events.some((e) => e.event === "ready"));

    publishChanges([{ customerId, event: run("r1", "queued") }]);
    await live.until((r) => r.changes().length === 1);
    const seen = live.changes()[0]._id;
    await live.cancel();

    // Within the window: its own next events, and none of the other customer's in between.
    publishChanges([
      { customerId: "someone-else", event: run("x", "queued") },
      { customerId, event: run("r1", "running") },
      { customerId, event: run("r1", "completed") },
    ]);
    const within = await resume(ctx, seen);
    expect(within.events.map((e) => e.event)).toEqual(["change", "change", "ready"]);
    expect(within.changes<{ state: string }>().map((c) => c.state)).toEqual(["running", "completed"]);
    expect(within.text).not.toContain('"runId":"x"');

    // A burst of other customers' events pushes that id out of the window.
    publishChanges(
      Array.from({ length: WINDOW }, (_, i) => ({
        customerId: "someone-else",
        event: run(`noise-${i}`, "queued"),
      })),
    );
    const past = await resume(ctx, seen);
    expect(past.events[0].event).toBe("resync");
    expect(past.events.map((e) => e.event)).toEqual(["resync", "ready"]);
    // The `ready` id is the newest event: resuming from it after a resync misses nothing new.
    publishChanges([{ customerId, event: run("r2", "queued") }]);
    const next = await resume(ctx, past.events.at(-1)!.id!);
    expect(next.changes<{ runId: string }>().map((c) => c.runId)).toEqual(["r2"]);
  });
});

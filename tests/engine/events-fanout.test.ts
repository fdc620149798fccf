// The change stream's fan-out (lib/services/events/open-event-stream.ts): events published in bursts reach
// every stream of their scope once and in order (the admins' streams all of them, a customer's stream its
// own), including a stream that opens in the middle of a burst, which gets exactly what follows its `ready`.
import { describe, expect, it } from "vitest";
import { testDb, uid } from "@/tests/helpers";
import { publishChanges } from "@/lib/engine/changes";
import { openEventStream } from "@/lib/services/events/open-event-stream";
import type { Ctx } from "@/lib/services/context";
import { SseReader } from "./fixtures/sse";

const run = (runId: string) => ({ type: "run" as const, runId, instanceId: "inst", state: "running" });

describe("change stream fan-out", () => {
  it("hands every stream its scope's events once, in order, also when it opens mid-burst", async () => {
    const { db } = await testDb();
    const [a, b] = [uid("cust-a-"), uid("cust-b-")];
    const customer = (customerId: string): Ctx => ({
      principal: { kind: "customer", customerId, internalId: customerId },
      db,
    });
    const admin: Ctx = { principal: { kind: "admin", via: "token" }, db };
    const ready = async (s: SseReader) => {
      await s.until((r) => r.events.some((e) => e.event === "ready"));
      return s;
    };
    const admins = await Promise.all(
      [1, 2].map(() => ready(new SseReader(openEventStream({ ctx: admin, input: {} })))),
    );
    const streamA = await ready(new SseReader(openEventStream({ ctx: customer(a), input: {} })));

    const published: string[] = [];
    let late: SseReader | undefined;
    for (let i = 0; i < 300; i++) {
      const id = `r${i}`;
      published.push(id);
      publishChanges([{ customerId: i % 3 ? a : b, event: run(id) }]);
      // A new stream opens while events of this burst are still on their way to the others.
      if (i === 150) late = new SseReader(openEventStream({ ctx: admin, input: {} }));
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    const ids = (s: SseReader) => s.changes<{ runId: string }>().map((c) => c.runId);
    const mine = published.filter((_, i) => i % 3 !== 0);
    for (const s of admins) await s.until((r) => ids(r).length >= published.length);
    await streamA.until((r) => ids(r).length >= mine.length);
    await late!.until((r) => ids(r).includes("r299"));

    for (const s of admins) expect(ids(s).filter((id) => published.includes(id))).toEqual(published);
    expect(admins[0].text).toBe(admins[1].text);
    expect(ids(streamA)).toEqual(mine);
    // The late stream: `ready` first, then exactly the events after the one its `ready` id names.
    const lateEvents = late!.events.filter((e) => e.event === "change" || e.event === "ready");
    expect(lateEvents[0].event).toBe("ready");
    const after = published.indexOf(
      JSON.parse(admins[0].events.find((e) => e.id === lateEvents[0].id)!.data).runId as string,
    );
    expect(ids(late!).filter((id) => published.includes(id))).toEqual(published.slice(after + 1));
    await Promise.all([...admins, streamA, late!].map((s) => s.cancel()));
  });
});

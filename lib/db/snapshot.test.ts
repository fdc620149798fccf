import { describe, expect, it } from "vitest";
import type { Db } from "./client";
import { currentSnapshot } from "./snapshot";

/** A database handle whose snapshot queries resolve when the test says, with the query's number. */
function fakeDb() {
  const pending: (() => void)[] = [];
  let started = 0;
  const db = {
    $client: {
      query: () => {
        const n = ++started;
        return new Promise<{ rows: { s: string }[] }>((resolve) =>
          pending.push(() => resolve({ rows: [{ s: `snapshot ${n}` }] })),
        );
      },
    },
  } as unknown as Db;
  const tick = () => new Promise((r) => setImmediate(r));
  return {
    db,
    started: () => started,
    finishNext: async () => (pending.shift()!(), await tick(), await tick()),
  };
}

describe("currentSnapshot coalescing", () => {
  it("shares one query among the calls of a turn, and never answers a call from a query started before it", async () => {
    const f = fakeDb();
    const tick = () => new Promise((r) => setImmediate(r));
    const sameTurn = [currentSnapshot(f.db), currentSnapshot(f.db)];
    expect(f.started()).toBe(0); // starts at the end of the turn, so later calls of this turn join it
    await tick();
    expect(f.started()).toBe(1);
    // Calls made while query 1 runs must not take its answer: it may predate a write they have seen.
    const waiting = [currentSnapshot(f.db), currentSnapshot(f.db), currentSnapshot(f.db)];
    await tick();
    expect(f.started()).toBe(1);
    await f.finishNext();
    expect(await Promise.all(sameTurn)).toEqual(["snapshot 1", "snapshot 1"]);
    expect(f.started()).toBe(2);
    await f.finishNext();
    expect(await Promise.all(waiting)).toEqual(["snapshot 2", "snapshot 2", "snapshot 2"]);
    // Idle again: the next call gets a query of its own.
    const later = currentSnapshot(f.db);
    await tick();
    expect(f.started()).toBe(3);
    await f.finishNext();
    expect(await later).toBe("snapshot 3");
  });
});

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
  return { db, started: () => started, finishNext: async () => (pending.shift()!(), await tick()) };
}

describe("currentSnapshot coalescing", () => {
  it("answers callers that came while a query was in flight from one query started after them", async () => {
    const f = fakeDb();
    const first = currentSnapshot(f.db);
    const waiting = [currentSnapshot(f.db), currentSnapshot(f.db), currentSnapshot(f.db)];
    expect(f.started()).toBe(1);
    await f.finishNext();
    expect(await first).toBe("snapshot 1");
    // The callers that arrived during query 1 never take its answer: one new query serves them all.
    expect(f.started()).toBe(2);
    await f.finishNext();
    expect(await Promise.all(waiting)).toEqual(["snapshot 2", "snapshot 2", "snapshot 2"]);
    // Idle again: the next caller starts its own query at once.
    const later = currentSnapshot(f.db);
    expect(f.started()).toBe(3);
    await f.finishNext();
    expect(await later).toBe("snapshot 3");
  });
});

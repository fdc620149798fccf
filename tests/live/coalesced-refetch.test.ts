// The console's lists under a burst of change events: one read in flight at a time and one trailing read
// after it, which sees the last change (components/live/coalesced-refetch.ts, with a real QueryClient).
import { describe, expect, it } from "vitest";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { coalescedRefetcher } from "@/components/live/coalesced-refetch";

/** Answers the pending reads one by one, until no read has been pending for a few ticks. */
async function settle(answers: (() => void)[]) {
  for (let idle = 0; idle < 5;) {
    await new Promise((r) => setTimeout(r, 0));
    const answer = answers.shift();
    if (answer) {
      answer();
      idle = 0;
    } else idle++;
  }
}

describe("coalesced list refetches", () => {
  it("keeps at most one read in flight and reads once more after a burst", async () => {
    const qc = new QueryClient();
    let version = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let reads = 0;
    let aborted = 0;
    const answers: (() => void)[] = [];
    const observer = new QueryObserver(qc, {
      queryKey: ["instances", "list", ""],
      queryFn: ({ signal }) => {
        reads++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        signal.addEventListener("abort", () => aborted++);
        const seen = version;
        return new Promise<number>((resolve) =>
          answers.push(() => {
            inFlight--;
            resolve(seen);
          }),
        );
      },
      staleTime: Infinity,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await settle(answers); // the first read (mount)
    expect(reads).toBe(1);

    const refetch = coalescedRefetcher(qc);
    for (let i = 0; i < 50; i++) {
      version++;
      refetch(["instances"]);
    }
    await settle(answers);
    expect(maxInFlight).toBe(1);
    expect(aborted).toBe(0);
    // the burst: the read it started, and one trailing read after it, which saw the last change
    expect(reads).toBe(3);
    expect(qc.getQueryData(["instances", "list", ""])).toBe(50);

    // a change after everything settled is one more read
    version++;
    refetch(["instances"]);
    await settle(answers);
    expect(reads).toBe(4);
    expect(qc.getQueryData(["instances", "list", ""])).toBe(51);
    unsubscribe();
    qc.clear();
  });

  it("reads again after a read that was already in flight when the change came", async () => {
    const qc = new QueryClient();
    let version = 0;
    let reads = 0;
    const answers: (() => void)[] = [];
    const observer = new QueryObserver(qc, {
      queryKey: ["instances", "status"],
      queryFn: () => {
        reads++;
        const seen = version;
        return new Promise<number>((resolve) => answers.push(() => resolve(seen)));
      },
      staleTime: Infinity,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toBe(1); // the mount's read, still unanswered: it saw version 0
    version++;
    coalescedRefetcher(qc)(["instances"]);
    await settle(answers);
    expect(reads).toBe(2);
    expect(qc.getQueryData(["instances", "status"])).toBe(1);
    unsubscribe();
    qc.clear();
  });
});

import type { QueryClient } from "@tanstack/react-query";

/**
 * Refetches of list keys, coalesced: at most one in flight per key, and one more after it when changes
 * arrived meanwhile. A burst of events (a bulk run) costs two reads of a list, not one per event, and no read
 * is cancelled half-way; the trailing read starts after the last change (also when the read in flight was not
 * one of ours), so the list ends up current.
 */
export function coalescedRefetcher(qc: QueryClient) {
  const pending = new Map<string, { again: boolean }>();
  return (queryKey: readonly unknown[]) => {
    const k = JSON.stringify(queryKey);
    const running = pending.get(k);
    if (running) {
      running.again = true;
      return;
    }
    const mine = { again: false };
    pending.set(k, mine);
    void (async () => {
      do {
        // A read already in flight (one the stream's `ready` started, say) answers with what it saw before this
        // change, and invalidating does not restart it: wait for it, then read once more.
        mine.again = qc.isFetching({ queryKey }) > 0;
        await qc.invalidateQueries({ queryKey }, { cancelRefetch: false }).catch(() => undefined);
      } while (mine.again);
      pending.delete(k);
    })();
  };
}

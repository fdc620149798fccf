import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { useActions } from "@/components/actions/actions-provider";
import type { BulkItemResult } from "@/lib/services/bulk/run-bulk";
import type { BulkActionName } from "@/lib/services/bulk/schemas";

export type { BulkActionName, BulkItemResult };

export type BulkRun = {
  action: BulkActionName;
  total: number;
  results: BulkItemResult[];
  running: boolean;
  /** Ids never sent because the operator cancelled. */
  skipped: string[];
};

// Small enough that progress moves visibly, large enough that 500 ids are ten round trips.
const CHUNK = 50;

/** Sends the ids in chunks, one server action call each, collecting per-item results as they come. */
export function useBulkRunner() {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [run, setRun] = useState<BulkRun | undefined>();
  const cancelled = useRef(false);
  const { bulkAction } = useActions();

  const start = async (action: BulkActionName, ids: string[]) => {
    cancelled.current = false;
    const results: BulkItemResult[] = [];
    setRun({ action, total: ids.length, results: [], running: true, skipped: [] });
    let i = 0;
    for (; i < ids.length && !cancelled.current; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      let items: BulkItemResult[];
      try {
        const res = await bulkAction(action, chunk);
        items = res.ok ? res.data.results : chunk.map((id) => ({ id, ok: false as const, error: res.error }));
      } catch (e) {
        // The whole call failed (network, server down): every id of the chunk failed with that reason.
        const error = e instanceof Error && e.message ? e.message : "Request failed; try again";
        items = chunk.map((id) => ({ id, ok: false as const, error }));
      }
      results.push(...items);
      setRun({ action, total: ids.length, results: [...results], running: true, skipped: [] });
    }
    setRun({ action, total: ids.length, results, running: false, skipped: ids.slice(i) });
    startTransition(() => router.refresh());
  };

  return {
    run,
    start,
    cancel: () => {
      cancelled.current = true;
    },
    dismiss: () => setRun(undefined),
  };
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ConnectionIndicator, queryKeys, usePollingFallback } from "@/components/live/change-stream";
import { RunTable, type RunRow } from "./run-table";

export type RunsPage = { items: RunRow[]; cursor?: string };

/**
 * An instance's runs, newest first, through TanStack Query: the first page is rendered on the server
 * (initial data), the change stream invalidates the key when a run of this instance starts or changes (so
 * a new run appears at the top), and "Load more" follows the cursor.
 */
export function LiveRunList({ instanceId, initial }: { instanceId: string; initial: RunsPage }) {
  const poll = usePollingFallback(true, 5_000);
  const q = useInfiniteQuery({
    queryKey: queryKeys.runs(instanceId),
    // A newer read (the stream's refetch) or leaving the page aborts this one on the wire too.
    queryFn: async ({ pageParam, signal }): Promise<RunsPage> => {
      const qs = pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : "";
      const res = await fetch(`/flow-instances/${encodeURIComponent(instanceId)}/runs${qs}`, {
        headers: { accept: "application/json" },
        signal,
      });
      if (!res.ok) throw new Error(`Reading the runs failed (${res.status})`);
      return res.json();
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor || undefined,
    initialData: { pages: [initial], pageParams: [undefined] },
    refetchInterval: poll,
  });
  const runs = q.data.pages.flatMap((p) => p.items);
  return (
    <div className="space-y-3">
      <div className="flex justify-end">
        <ConnectionIndicator />
      </div>
      {runs.length === 0 ? (
        <EmptyState title="No runs yet">Use Run to start one.</EmptyState>
      ) : (
        <RunTable runs={runs} caption="Runs of this instance" />
      )}
      {q.hasNextPage && (
        <div className="flex justify-center">
          <Button pending={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}

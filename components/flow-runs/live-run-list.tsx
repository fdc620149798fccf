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
 * a new run appears at the top), and `fetchNextPage` follows the cursor. `url` answers one page (`?cursor=`):
 * the console's route or the embed's, each scoped to its caller.
 */
export function useLiveRuns({
  instanceId,
  initial,
  url,
}: {
  instanceId: string;
  initial: RunsPage;
  url: string;
}) {
  const poll = usePollingFallback(true, 5_000);
  const q = useInfiniteQuery({
    queryKey: queryKeys.runs(instanceId),
    // A newer read (the stream's refetch) or leaving the page aborts this one on the wire too.
    queryFn: async ({ pageParam, signal }): Promise<RunsPage> => {
      const qs = pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : "";
      const res = await fetch(`${url}${qs}`, { headers: { accept: "application/json" }, signal });
      if (!res.ok) throw new Error(`Reading the runs failed (${res.status})`);
      return res.json();
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor || undefined,
    initialData: { pages: [initial], pageParams: [undefined] },
    refetchInterval: poll,
  });
  return { ...q, runs: q.data.pages.flatMap((p) => p.items) };
}

/** "Load more" under a live list while the cursor has more. */
export function LoadMore({
  q,
}: {
  q: Pick<ReturnType<typeof useLiveRuns>, "hasNextPage" | "isFetchingNextPage" | "fetchNextPage">;
}) {
  if (!q.hasNextPage) return null;
  return (
    <div className="flex justify-center">
      <Button pending={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
        Load more
      </Button>
    </div>
  );
}

/** The console's Runs tab of an instance. */
export function LiveRunList({ instanceId, initial }: { instanceId: string; initial: RunsPage }) {
  const q = useLiveRuns({
    instanceId,
    initial,
    url: `/flow-instances/${encodeURIComponent(instanceId)}/runs`,
  });
  return (
    <div className="space-y-3">
      <div className="flex justify-end">
        <ConnectionIndicator />
      </div>
      {q.runs.length === 0 ? (
        <EmptyState title="No runs yet">Use Run to start one.</EmptyState>
      ) : (
        <RunTable runs={q.runs} caption="Runs of this instance" />
      )}
      <LoadMore q={q} />
    </div>
  );
}

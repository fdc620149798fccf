"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { usePollingFallback } from "./change-stream";

/**
 * A live view's data through TanStack Query (a console list page, keyed by its filters and cursor; the embed
 * page's instance status): the page renders the
 * first result on the server (`initial`, read at `initial.readAt`), the change stream invalidates or patches
 * the key, polling takes over when the stream is not live, and a fresher server render of the same address
 * (router.refresh() after a bulk action) wins over the cached result. Returns the current view.
 */
export function useLiveList<T extends { readAt: number }>({
  queryKey,
  url,
  initial,
  what,
}: {
  queryKey: readonly unknown[];
  /** Answers the same view as JSON (a thin console route). */
  url: string;
  initial: T;
  /** For the error message: "the flow instances", "the runs". */
  what: string;
}) {
  const qc = useQueryClient();
  const poll = usePollingFallback(true, 5_000);
  const q = useQuery({
    queryKey,
    // A burst of changes (a bulk run) cancels the read in flight for a newer one: abort it on the wire too.
    queryFn: async ({ signal }): Promise<T> => {
      const res = await fetch(url, { headers: { accept: "application/json" }, signal });
      if (!res.ok) throw new Error(`Reading ${what} failed (${res.status})`);
      return res.json();
    },
    initialData: initial,
    initialDataUpdatedAt: initial.readAt,
    refetchInterval: poll,
  });
  useEffect(() => {
    const state = qc.getQueryState(queryKey);
    if (!state || state.dataUpdatedAt < initial.readAt)
      qc.setQueryData(queryKey, initial, { updatedAt: initial.readAt });
  }, [qc, queryKey, initial]);
  // Never undefined (initialData); the generic T hides that overload from the types.
  return q.data ?? initial;
}

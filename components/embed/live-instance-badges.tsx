"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { queryKeys, usePollingFallback } from "@/components/live/change-stream";

export type InstanceStatus = { enabled: boolean; archived: boolean; state: string; readAt: number };

/**
 * The embed configuration page's enabled / archived / needs-attention badges, following the change stream:
 * the key sits under the instance lists' key, which every instance change (and run change) refetches;
 * polling takes over when the stream is not live, and a fresher server render (after a save) wins.
 */
export function LiveInstanceBadges({ instanceId, initial }: { instanceId: string; initial: InstanceStatus }) {
  const qc = useQueryClient();
  const queryKey = useMemo(
    () => [...queryKeys.instances(), "embed-status", instanceId] as const,
    [instanceId],
  );
  const poll = usePollingFallback(true, 5_000);
  const q = useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<InstanceStatus> => {
      const res = await fetch(`/embed/flow-instances/${encodeURIComponent(instanceId)}/status`, {
        headers: { accept: "application/json" },
        signal,
      });
      if (!res.ok) throw new Error(`Reading the flow's status failed (${res.status})`);
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
  const s = q.data ?? initial;
  return (
    <span className="flex gap-1" data-testid="instance-badges" aria-live="polite">
      <Badge tone={s.enabled ? "green" : "gray"}>{s.enabled ? "enabled" : "disabled"}</Badge>
      {s.archived && <Badge tone="red">archived</Badge>}
      {s.state !== "READY" && <Badge tone="red">needs attention</Badge>}
    </span>
  );
}

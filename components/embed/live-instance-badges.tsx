"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { queryKeys } from "@/components/live/change-stream";
import { useLiveList } from "@/components/live/live-list";

import type { InstanceStatus } from "@/lib/core/embed";

export type { InstanceStatus };

/**
 * The instance's enabled / archived / setup state, following the change stream: the key sits under the
 * instance lists' key, which every instance change (and run change) refetches; polling takes over when the
 * stream is not live, and a fresher server render (after a save) wins.
 */
function useLiveInstanceStatus(instanceId: string, initial: InstanceStatus): InstanceStatus {
  const queryKey = useMemo(
    () => [...queryKeys.instances(), "embed-status", instanceId] as const,
    [instanceId],
  );
  return useLiveList({
    queryKey,
    url: `/embed/flow-instances/${encodeURIComponent(instanceId)}/status`,
    initial,
    what: "the flow's status",
  });
}

/** The embed configuration page's enabled / archived / needs-attention badges, live. */
export function LiveInstanceBadges({ instanceId, initial }: { instanceId: string; initial: InstanceStatus }) {
  const s = useLiveInstanceStatus(instanceId, initial);
  return (
    <span className="flex gap-1" data-testid="instance-badges" aria-live="polite">
      <Badge tone={s.enabled ? "green" : "gray"}>{s.enabled ? "enabled" : "disabled"}</Badge>
      {s.archived && <Badge tone="red">archived</Badge>}
      {s.state !== "READY" && <Badge tone="red">needs attention</Badge>}
    </span>
  );
}

/**
 * Says so when the flow was enabled, disabled or archived elsewhere after the page was rendered (the form
 * below still shows the old settings), and reloads them on request. Shown once the difference has lasted a
 * moment: the page's own save changes the status too, and its refreshed render follows right after.
 */
export function ChangedElsewhereNotice({
  instanceId,
  initial,
}: {
  instanceId: string;
  initial: InstanceStatus;
}) {
  const s = useLiveInstanceStatus(instanceId, initial);
  const router = useRouter();
  const changed =
    s.readAt > initial.readAt && (s.enabled !== initial.enabled || s.archived !== initial.archived);
  const [settled, setSettled] = useState<number>();
  useEffect(() => {
    if (!changed) return;
    const timer = setTimeout(() => setSettled(s.readAt), 1_500);
    return () => clearTimeout(timer);
  }, [changed, s.readAt]);
  if (!changed || settled !== s.readAt) return null;
  const what =
    s.archived && !initial.archived
      ? "archived"
      : !s.archived && initial.archived
        ? "restored"
        : s.enabled
          ? "enabled"
          : "disabled";
  return (
    <div
      role="status"
      data-testid="changed-elsewhere"
      className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900"
    >
      <span className="flex-1">
        This flow was {what} elsewhere. Reload to see its current settings (changes you have not saved are
        lost).
      </span>
      <Button onClick={() => router.refresh()}>Reload settings</Button>
    </div>
  );
}

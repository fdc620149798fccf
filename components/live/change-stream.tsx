"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { coalescedRefetcher } from "./coalesced-refetch";

// One EventSource per page on the change stream (GET /api/events, or /embed/events in the embed): its
// events patch or invalidate the TanStack Query keys of what changed. When the stream is not available (no
// EventSource, or a proxy that buffers it so `ready` never arrives) live views fall back to polling.

export type StreamStatus = "connecting" | "live" | "reconnecting" | "polling";

type RunChange = { type: "run"; runId: string; instanceId: string; state: string; nodes?: unknown };
type InstanceChange = { type: "instance"; instanceId: string; action: string };

/** The query keys the console's views read; the stream updates them. */
export const queryKeys = {
  runView: (id: string) => ["run-view", id] as const,
  runs: (instanceId?: string) => (instanceId ? (["runs", instanceId] as const) : (["runs"] as const)),
  /** The Runs page (all instances), by its filters and cursor; without them, every such key. */
  allRuns: (qs?: string) => (qs === undefined ? (["runs", "all"] as const) : (["runs", "all", qs] as const)),
  instances: () => ["instances"] as const,
};

const StatusContext = createContext<StreamStatus>("polling");
export const useStreamStatus = () => useContext(StatusContext);

const READY_TIMEOUT_MS = 5_000;

type Refetch = ReturnType<typeof coalescedRefetcher>;

function apply(qc: QueryClient, refetchList: Refetch, change: RunChange | InstanceChange) {
  if (change.type === "run") {
    qc.setQueryData(queryKeys.runView(change.runId), (old: { run: Record<string, unknown> } | undefined) =>
      old
        ? {
            ...old,
            run: { ...old.run, state: change.state, ...(change.nodes ? { nodes: change.nodes } : {}) },
          }
        : old,
    );
    // The run's row in an instance's runs list (an infinite query's pages) takes the new state at once.
    qc.setQueryData(
      queryKeys.runs(change.instanceId),
      (old: { pages: { items: { id: string; state: string }[] }[] } | undefined) =>
        old && {
          ...old,
          pages: old.pages.map((p) => ({
            ...p,
            items: p.items.map((r) => (r.id === change.runId ? { ...r, state: change.state } : r)),
          })),
        },
    );
    // The instance lists show each instance's last run: its row takes the new state at once when it is
    // that run; a new run (another id) arrives with the refetch below.
    qc.setQueriesData(
      { queryKey: queryKeys.instances() },
      (old: { items?: { id: string; lastRun?: { id: string; state: string } }[] } | undefined) =>
        old?.items
          ? {
              ...old,
              items: old.items.map((i) =>
                i.id === change.instanceId && i.lastRun?.id === change.runId
                  ? { ...i, lastRun: { ...i.lastRun, state: change.state } }
                  : i,
              ),
            }
          : old,
    );
    refetchList(queryKeys.instances());
    // The run's own view is patched above; a read of it in flight may predate the patch: it is replaced.
    void qc.invalidateQueries({ queryKey: queryKeys.runView(change.runId) }, { cancelRefetch: true });
    refetchList(queryKeys.runs(change.instanceId));
    refetchList(queryKeys.allRuns());
  } else {
    refetchList(queryKeys.instances());
  }
}

export function ChangeStreamProvider({ url, children }: { url: string; children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>(() =>
    typeof window !== "undefined" && typeof EventSource === "undefined" ? "polling" : "connecting",
  );
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let closed = false;
    let es: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let readyTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastId: string | undefined;
    const refetchList = coalescedRefetcher(qc);
    const open = () => {
      const src = new EventSource(lastId ? `${url}?lastEventId=${encodeURIComponent(lastId)}` : url);
      es = src;
      readyTimer = setTimeout(() => setStatus("polling"), READY_TIMEOUT_MS);
      src.addEventListener("ready", (e) => {
        clearTimeout(readyTimer);
        lastId = (e as MessageEvent).lastEventId || lastId;
        // Whatever changed while connecting (or since the page was rendered on the server).
        void qc.invalidateQueries();
        failures = 0;
        setStatus("live");
      });
      src.addEventListener("change", (e) => {
        const m = e as MessageEvent<string>;
        lastId = m.lastEventId || lastId;
        try {
          apply(qc, refetchList, JSON.parse(m.data));
        } catch {
          // not an event of ours
        }
      });
      src.addEventListener("resync", () => void qc.invalidateQueries());
      src.onerror = () => {
        clearTimeout(readyTimer);
        failures++;
        // EventSource retries by itself (resuming with Last-Event-ID) unless the server refused it.
        if (src.readyState === EventSource.CLOSED) {
          setStatus("polling");
          src.close();
          if (!closed) retry = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        } else setStatus("reconnecting");
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      clearTimeout(readyTimer);
      es?.close();
    };
  }, [url, qc]);
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

/** A query's polling interval: none while the stream is live, `ms` otherwise (when `active`). */
export function usePollingFallback(active: boolean, ms = 2_000): number | false {
  const status = useStreamStatus();
  return active && status !== "live" ? ms : false;
}

/** Live / reconnecting / polling, for the header of live views. */
export function ConnectionIndicator() {
  const status = useStreamStatus();
  const look: Record<StreamStatus, [string, string]> = {
    connecting: ["bg-slate-300", "Connecting…"],
    live: ["bg-emerald-500", "Live"],
    reconnecting: ["bg-amber-500", "Reconnecting…"],
    polling: ["bg-slate-400", "Refreshing every 2 s"],
  };
  const [dot, label] = look[status];
  return (
    <span
      data-testid="connection-status"
      data-status={status}
      className="inline-flex items-center gap-1.5 text-xs text-slate-500"
      title="Updates of runs and instances arrive as they happen while live"
    >
      <span aria-hidden className={`inline-block size-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}

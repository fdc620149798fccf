"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { FlowNodes } from "@/lib/core/flow";
import type { NodeRunCounters, NodeTypeMap } from "@/components/flow-graph/types";
import type { NodePositions } from "@/components/flow-graph/layout";
import { RunStateBadge } from "@/components/ui/badge";
import { JsonViewer } from "@/components/ui/json-viewer";
import { ConnectionIndicator, queryKeys, useStreamStatus } from "@/components/live/change-stream";
import { RunActions } from "./run-actions";
import { RunView, type NodeRunView } from "./run-view";
import { runDuration } from "./duration";

/** The run page's data (lib/services/console/get-run-view.ts), as its `view` route answers it. */
export type RunViewData = {
  run: {
    id: string;
    state: string;
    errors: unknown[];
    nodes: unknown;
    input?: unknown;
    startTime: string | Date;
    endTime?: string | Date | null;
  };
  output: unknown;
  nodeRuns: { byNode: Record<string, NodeRunView[]>; totals: Record<string, number> };
};

export type LiveRunProps = { id: string; initial: RunViewData; viewUrl: string };

const isLive = (state: string) => state === "queued" || state === "running";

/**
 * The run page's data through TanStack Query: first rendered on the server (initialData), then updated by
 * the change stream (which patches the run's state and node states and invalidates the key) or, when the
 * stream is not available, by polling while the run is live.
 */
export function useRunView({ id, initial, viewUrl }: LiveRunProps): RunViewData {
  const status = useStreamStatus();
  const { data } = useQuery({
    queryKey: queryKeys.runView(id),
    queryFn: async (): Promise<RunViewData> => {
      const res = await fetch(viewUrl, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`Reading the run failed (${res.status})`);
      return res.json();
    },
    initialData: initial,
    // A live run's server-rendered copy may predate the stream (an event published before this query
    // existed patches nothing): read it again once mounted; a finished run's copy is final.
    initialDataUpdatedAt: isLive(initial.run.state) ? 0 : undefined,
    // Polling only when the stream is not live, and only while the run is.
    refetchInterval: (q) => (status !== "live" && isLive(q.state.data?.run.state ?? "") ? 2_000 : false),
  });
  return data;
}

/** State badge, elapsed time of a live run (or how long it took) and the stream's status. */
export function LiveRunStatus(props: LiveRunProps) {
  const { run } = useRunView(props);
  const live = isLive(run.state);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [live]);
  const took = runDuration(run);
  const elapsed = Math.max(0, Math.round((now - new Date(run.startTime).getTime()) / 1000));
  return (
    <span className="inline-flex flex-wrap items-center gap-3">
      <span data-testid="run-state" aria-live="polite">
        <RunStateBadge state={run.state} />
      </span>
      <span data-testid="run-elapsed" className="text-xs text-slate-500">
        {live
          ? run.state === "running"
            ? `running for ${elapsed} s`
            : "waiting for a worker…"
          : took && `took ${took}`}
      </span>
      {live && <ConnectionIndicator />}
    </span>
  );
}

/** Stop (while the run is live) and Repeat. */
export function LiveRunActions({
  runHrefTemplate,
  ...props
}: LiveRunProps & {
  runHrefTemplate?: string;
}) {
  const { run } = useRunView(props);
  return (
    <RunActions
      id={props.id}
      live={isLive(run.state)}
      runHref={
        runHrefTemplate ? (runId) => runHrefTemplate.replace("__RUN__", encodeURIComponent(runId)) : undefined
      }
    />
  );
}

/** Each node's counters with the time its node runs took. */
function withDurations(
  counters: Record<string, NodeRunCounters>,
  byNode: Record<string, NodeRunView[]>,
): Record<string, NodeRunCounters> {
  const out: Record<string, NodeRunCounters> = { ...counters };
  for (const [key, runs] of Object.entries(byNode))
    if (out[key] && runs.length)
      out[key] = { ...out[key], durationMs: runs.reduce((n, r) => n + r.durationMs, 0) };
  return out;
}

/** Errors, the graph coloured by node state with the selected node's runs, and the run's input and output. */
export function LiveRunBody({
  graph,
  ...props
}: LiveRunProps & { graph: { nodes: FlowNodes; positions: NodePositions; types: NodeTypeMap } }) {
  const { run, nodeRuns, output } = useRunView(props);
  return (
    <>
      {run.errors.length > 0 && (
        <section role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {run.errors.map((e, i) => (
            <p key={i}>{(e as { message?: string }).message ?? JSON.stringify(e)}</p>
          ))}
        </section>
      )}
      <RunView
        nodes={graph.nodes}
        positions={graph.positions}
        types={graph.types}
        counters={withDurations((run.nodes ?? {}) as Record<string, NodeRunCounters>, nodeRuns.byNode)}
        nodeRuns={nodeRuns.byNode}
        totals={nodeRuns.totals}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <section>
          <h2 className="mb-2 text-base font-medium">Input</h2>
          <JsonViewer value={run.input ?? null} testId="run-input" />
        </section>
        <section>
          <h2 className="mb-2 text-base font-medium">Output</h2>
          <JsonViewer value={output ?? null} testId="run-output" />
        </section>
      </div>
    </>
  );
}

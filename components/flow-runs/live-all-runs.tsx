"use client";

import Link from "next/link";
import { useMemo } from "react";
import { SelectableTable } from "@/components/bulk/selectable-table";
import { RunStateBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { ConnectionIndicator, queryKeys } from "@/components/live/change-stream";
import { useLiveList } from "@/components/live/live-list";
import { runDuration } from "./duration";
import type { RunRow } from "./run-table";

/** One page of the Runs page: its runs and the names their rows show. */
export type RunListView = {
  items: RunRow[];
  cursor?: string;
  customers: Record<string, { name: string } | undefined>;
  instances: Record<string, string | undefined>;
  readAt: number;
};

/**
 * The Runs page's table, live (useLiveList): the change stream refetches it when any run starts or changes,
 * so new runs appear at the top and states change as they happen. `flows` names a row whose instance has no
 * name of its own.
 */
export function LiveAllRuns({
  params,
  initial,
  flows,
}: {
  params: Record<string, string>;
  initial: RunListView;
  flows: Record<string, string>;
}) {
  const qs = new URLSearchParams(params).toString();
  const queryKey = useMemo(() => queryKeys.allRuns(qs), [qs]);
  const view = useLiveList({
    queryKey,
    url: `/flow-runs/list${qs ? `?${qs}` : ""}`,
    initial,
    what: "the runs",
  });
  return (
    <>
      <div className="-mt-2 mb-2 flex justify-end">
        <ConnectionIndicator />
      </div>
      <SelectableTable
        // A new filter or page starts with an empty selection; a refresh after a bulk action keeps it.
        key={qs}
        empty={
          <EmptyState title="No runs match">
            Runs appear here when instances run by API, schedule, app event or from the console.
          </EmptyState>
        }
        caption="Runs"
        basePath="/flow-runs"
        noun={{ one: "run", many: "runs" }}
        actions={[
          { action: "stop", label: "Stop selected", verb: "Stop", variant: "danger" },
          { action: "repeat", label: "Repeat selected", verb: "Repeat", variant: "primary" },
        ]}
        headers={["Run", "State", "Customer", "Flow / instance", "Launched by", "Started", "Duration"]}
        rows={view.items.map((r) => ({
          id: r.id,
          label: `run ${r.id}`,
          cells: [
            <Link
              key="id"
              href={`/flow-runs/${r.id}`}
              className="font-mono text-xs text-brand-700 hover:underline"
            >
              {r.id}
            </Link>,
            <RunStateBadge key="state" state={r.state} />,
            <Link key="customer" className="hover:underline" href={`/customers/${r.customerId}`}>
              {view.customers[r.customerId]?.name ?? r.customerId}
            </Link>,
            <Link key="instance" className="hover:underline" href={`/flow-instances/${r.flowInstanceId}`}>
              {view.instances[r.flowInstanceId] ?? flows[r.flowId] ?? r.flowInstanceId}
            </Link>,
            <span key="launched" className="text-slate-600">
              {String(r.launchedBy?.type ?? "")}
            </span>,
            <span key="started" className="text-slate-600">
              <Time value={r.startTime} />
            </span>,
            <span key="duration" className="text-slate-600 tabular-nums">
              {runDuration(r) ?? "—"}
            </span>,
          ],
        }))}
      />
      <Pager basePath="/flow-runs" params={params} cursor={view.cursor} hasPrevious={!!params.cursor} />
    </>
  );
}

"use client";

import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { Badge, RunStateBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { SelectableTable } from "@/components/bulk/selectable-table";
import { ConnectionIndicator, queryKeys } from "@/components/live/change-stream";
import { useLiveList } from "@/components/live/live-list";
import type { InstanceListView } from "@/lib/services/console/instance-list-view";

/**
 * The console's instance list, live (useLiveList): the change stream invalidates or patches its key when a
 * run or an instance changes (last run, enabled).
 */
export function LiveInstanceList({
  params,
  initial,
  children,
}: {
  params: Record<string, string>;
  /** Between the heading and the table (the filters). */
  children?: ReactNode;
  initial: InstanceListView;
}) {
  const qs = new URLSearchParams(params).toString();
  const queryKey = useMemo(() => [...queryKeys.instances(), "list", qs] as const, [qs]);
  const view = useLiveList({
    queryKey,
    url: `/flow-instances/list${qs ? `?${qs}` : ""}`,
    initial,
    what: "the flow instances",
  });
  return (
    <div>
      <div className="mb-4 flex items-baseline gap-3">
        <h1 className="text-2xl font-semibold">Flow instances</h1>
        <span data-testid="instances-count" className="text-sm text-slate-500">
          {view.total.toLocaleString("en-US")} {view.total === 1 ? "instance" : "instances"}
        </span>
        <span className="ml-auto">
          <ConnectionIndicator />
        </span>
      </div>
      {children}
      <SelectableTable
        // A new filter or page starts with an empty selection; a refresh after a bulk action keeps it
        // (and its summary, even when the refreshed page no longer has those rows).
        key={qs}
        empty={
          <EmptyState title="No flow instances match">
            Try removing a filter or searching for something else.
          </EmptyState>
        }
        caption="Flow instances"
        basePath="/flow-instances"
        noun={{ one: "flow instance", many: "flow instances" }}
        actions={[
          { action: "enable", label: "Enable selected", verb: "Enable" },
          { action: "disable", label: "Disable selected", verb: "Disable", variant: "danger" },
          { action: "run", label: "Run selected", verb: "Run", variant: "primary" },
        ]}
        headers={["Name", "Customer", "Integration", "Flow", "Status", "Last run"]}
        rows={view.items.map((i) => ({
          id: i.id,
          label: `${i.name} (${i.instanceKey ?? i.id})`,
          cells: [
            <div key="name">
              <Link className="font-medium text-brand-700 hover:underline" href={`/flow-instances/${i.id}`}>
                {i.name}
              </Link>
              {i.instanceKey && <div className="font-mono text-xs text-slate-400">{i.instanceKey}</div>}
            </div>,
            <Link key="customer" className="hover:underline" href={`/customers/${i.customerId}`}>
              {i.customerName}
            </Link>,
            i.integrationName,
            <Link key="flow" className="hover:underline" href={`/flows/${i.flowId}`}>
              {i.flowName}
            </Link>,
            <div key="status" className="flex flex-wrap gap-1">
              <Badge tone={i.enabled ? "green" : "gray"}>{i.enabled ? "enabled" : "disabled"}</Badge>
              {i.isCustomized && <Badge tone="violet">customized</Badge>}
              {i.outdated && <Badge tone="amber">outdated</Badge>}
              {i.setupFailed && <Badge tone="red">setup failed</Badge>}
              {i.archived && <Badge tone="red">archived</Badge>}
            </div>,
            <div key="last-run" className="flex flex-wrap items-center gap-2">
              {i.lastRun ? (
                <Link href={`/flow-runs/${i.lastRun.id}`} aria-label={`Last run: ${i.lastRun.state}`}>
                  <RunStateBadge state={i.lastRun.state} />
                </Link>
              ) : (
                <RunStateBadge state={undefined} />
              )}
              {i.lastRun?.at && (
                <span className="text-xs text-slate-500">
                  <Time value={i.lastRun.at} />
                </span>
              )}
            </div>,
          ],
        }))}
      />
      <Pager basePath="/flow-instances" params={params} cursor={view.cursor} hasPrevious={!!params.cursor} />
    </div>
  );
}

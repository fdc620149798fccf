import Link from "next/link";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listFlowInstances, listFlowInstancesQuery } from "@/lib/services/flow-instances/list-flow-instances";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { countFlowInstances } from "@/lib/services/console/count-flow-instances";
import { listFilterOptions } from "@/lib/services/console/filter-options";
import { Badge, RunStateBadge } from "@/components/ui/badge";
import { FilterBar, type FilterField } from "@/components/flow-instances/filter-bar";
import { Pager } from "@/components/ui/pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { SelectableTable } from "@/components/bulk/selectable-table";
import { parseListQuery } from "../_lib/list-query";
import { InvalidFilters } from "@/components/ui/invalid-filters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flow instances · Flowdeck" };

const PAGE_SIZE = 50;
const bool = (yes: string, no: string): FilterField["options"] => [
  { value: "true", label: yes },
  { value: "false", label: no },
];

export default async function FlowInstancesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const { archived, ...rest } = sp;
  // "archived=all" is the console's spelling of includeArchived.
  const raw = {
    ...rest,
    ...(archived === "all" ? { includeArchived: "true" } : archived ? { archived } : {}),
  };
  const { query, invalid } = parseListQuery(listFlowInstancesQuery, raw, PAGE_SIZE);
  const [page, total, options] = await Promise.all([
    listFlowInstances({ ctx, input: query }),
    countFlowInstances({ ctx, input: query }),
    listFilterOptions({ ctx }),
  ]);
  const names = await lookupNames({
    ctx,
    input: {
      customerIds: page.items.map((i) => i.userId),
      integrationIds: page.items.map((i) => i.integrationId),
    },
  });
  const fields: FilterField[] = [
    {
      param: "customerId",
      label: "Customer",
      options: options.customers.map((c) => ({ value: c.id, label: c.name })),
    },
    {
      param: "integrationId",
      label: "Integration",
      options: options.integrations.map((c) => ({ value: c.id, label: c.name })),
    },
    { param: "flowId", label: "Flow", options: options.flows.map((c) => ({ value: c.id, label: c.name })) },
    { param: "enabled", label: "Enabled", options: bool("Enabled", "Disabled") },
    { param: "isCustomized", label: "Customized", options: bool("Customized", "Not customized") },
    { param: "outdated", label: "Revision", options: bool("Outdated", "Up to date") },
    {
      param: "archived",
      label: "Archived",
      any: "Active only",
      options: [
        { value: "true", label: "Archived only" },
        { value: "all", label: "Active and archived" },
      ],
    },
    {
      param: "lastRunState",
      label: "Last run",
      options: ["completed", "failed", "running", "queued", "stopped", "none"].map((s) => ({
        value: s,
        label: s === "none" ? "never run" : s,
      })),
    },
  ];
  return (
    <div>
      <div className="mb-4 flex items-baseline gap-3">
        <h1 className="text-2xl font-semibold">Flow instances</h1>
        <span data-testid="instances-count" className="text-sm text-slate-500">
          {total.total.toLocaleString("en-US")} {total.total === 1 ? "instance" : "instances"}
        </span>
      </div>
      <FilterBar
        fields={fields}
        searchLabel="Search name, id or key"
        searchPlaceholder="e.g. Sync new contacts"
      />
      <InvalidFilters names={invalid} />
      <SelectableTable
        // A new filter or page starts with an empty selection; a refresh after a bulk action keeps it
        // (and its summary, even when the refreshed page no longer has those rows).
        key={JSON.stringify(sp)}
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
        rows={page.items.map((i) => ({
          id: i.id,
          label: `${i.name} (${i.instanceKey ?? i.id})`,
          cells: [
            <div key="name">
              <Link className="font-medium text-brand-700 hover:underline" href={`/flow-instances/${i.id}`}>
                {i.name}
              </Link>
              {i.instanceKey && <div className="font-mono text-xs text-slate-400">{i.instanceKey}</div>}
            </div>,
            <Link key="customer" className="hover:underline" href={`/customers/${i.userId}`}>
              {names.customers[i.userId]?.name ?? i.userId}
            </Link>,
            names.integrations[i.integrationId] ?? i.integrationId,
            <Link key="flow" className="hover:underline" href={`/flows/${i.flowId}`}>
              {i.flow.name}
            </Link>,
            <div key="status" className="flex flex-wrap gap-1">
              <Badge tone={i.enabled ? "green" : "gray"}>{i.enabled ? "enabled" : "disabled"}</Badge>
              {i.isCustomized && <Badge tone="violet">customized</Badge>}
              {i.outdated && <Badge tone="amber">outdated</Badge>}
              {i.state !== "READY" && <Badge tone="red">setup failed</Badge>}
              {i.archivedAt && <Badge tone="red">archived</Badge>}
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
      <Pager basePath="/flow-instances" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}

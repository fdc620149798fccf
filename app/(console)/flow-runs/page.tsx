import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { listFlowRunsQuery, runStates } from "@/lib/services/flow-runs/schemas";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { listFilterOptions } from "@/lib/services/console/filter-options";
import { lookupInstanceNames } from "@/lib/services/console/lookup-instance-names";
import { FilterBar, type FilterField } from "@/components/flow-instances/filter-bar";
import Link from "next/link";
import { SelectableTable } from "@/components/bulk/selectable-table";
import { RunStateBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { Pager } from "@/components/ui/pager";
import { EmptyState } from "@/components/ui/empty-state";
import { runDuration } from "@/components/flow-runs/duration";
import { parseListQuery } from "../_lib/list-query";
import { InvalidFilters } from "@/components/ui/invalid-filters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs · Flowdeck" };

const PAGE_SIZE = 50;

export default async function FlowRunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const { query, invalid } = parseListQuery(listFlowRunsQuery, sp, PAGE_SIZE);
  const [page, options] = await Promise.all([
    listFlowRuns({ ctx, input: query }),
    listFilterOptions({ ctx }),
  ]);
  const names = await lookupNames({
    ctx,
    input: { customerIds: page.items.map((r) => r.customerId), integrationIds: [] },
  });
  const flows = Object.fromEntries(options.flows.map((f) => [f.id, f.name]));
  const instances = await lookupInstanceNames({
    ctx,
    input: { ids: page.items.map((r) => r.flowInstanceId) },
  });
  const fields: FilterField[] = [
    { param: "state", label: "State", options: runStates.map((s) => ({ value: s, label: s })) },
    {
      param: "customerId",
      label: "Customer",
      options: options.customers.map((c) => ({ value: c.id, label: c.name })),
    },
    { param: "flowId", label: "Flow", options: options.flows.map((f) => ({ value: f.id, label: f.name })) },
    { param: "flowInstanceId", label: "Instance id", kind: "text", placeholder: "instance id" },
    { param: "from", label: "From", kind: "datetime" },
    { param: "to", label: "To", kind: "datetime" },
  ];
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Runs</h1>
      <FilterBar fields={fields} search={false} />
      <InvalidFilters names={invalid} />
      <SelectableTable
        // A new filter or page starts with an empty selection; a refresh after a bulk action keeps it.
        key={JSON.stringify(sp)}
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
        rows={page.items.map((r) => ({
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
              {names.customers[r.customerId]?.name ?? r.customerId}
            </Link>,
            <Link key="instance" className="hover:underline" href={`/flow-instances/${r.flowInstanceId}`}>
              {instances[r.flowInstanceId] ?? flows[r.flowId] ?? r.flowInstanceId}
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
      <Pager basePath="/flow-runs" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}

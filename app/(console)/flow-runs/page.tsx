import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listFlowRuns, listFlowRunsQuery, runStates } from "@/lib/services/flow-runs/list-flow-runs";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { listFilterOptions } from "@/lib/services/console/filter-options";
import { lookupInstanceNames } from "@/lib/services/console/lookup-instance-names";
import { FilterBar, type FilterField } from "@/components/flow-instances/filter-bar";
import { RunTable } from "@/components/flow-runs/run-table";
import { Pager } from "@/components/ui/pager";
import { EmptyState } from "@/components/ui/empty-state";

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
  const parsed = listFlowRunsQuery.safeParse({ limit: String(PAGE_SIZE), ...sp });
  const query = parsed.success ? parsed.data : listFlowRunsQuery.parse({ limit: String(PAGE_SIZE) });
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
      {!parsed.success && (
        <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Some filters in the address were invalid and were ignored:{" "}
          {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}
        </p>
      )}
      {page.items.length === 0 ? (
        <EmptyState title="No runs match">
          Runs appear here when instances run by API, schedule, app event or from the console.
        </EmptyState>
      ) : (
        <RunTable runs={page.items} names={{ customers: names.customers, flows, instances }} caption="Runs" />
      )}
      <Pager basePath="/flow-runs" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}

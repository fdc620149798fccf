import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { runStates } from "@/lib/services/flow-runs/schemas";
import { listFilterOptions } from "@/lib/services/console/filter-options";
import { suggestInstances } from "@/lib/services/console/suggest-instances";
import { FilterBar, type FilterField } from "@/components/flow-instances/filter-bar";
import { LiveAllRuns } from "@/components/flow-runs/live-all-runs";
import { InvalidFilters } from "@/components/ui/invalid-filters";
import { runListView } from "./list/view";
import { suggestRunInstances } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs · Flowdeck" };

export default async function FlowRunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const instanceId = sp.flowInstanceId;
  const [{ view, invalid }, options, chosen] = await Promise.all([
    runListView(ctx, sp),
    listFilterOptions({ ctx, input: {} }),
    // The chosen instance by name (its id is in the URL); the lookup by id also names its customer.
    instanceId
      ? suggestInstances({ ctx, input: { q: instanceId.slice(0, 200), limit: 1 } }).then((found) =>
          found.find((i) => i.id === instanceId),
        )
      : undefined,
  ]);
  const params = Object.fromEntries(
    Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
  const fields: FilterField[] = [
    { param: "state", label: "State", options: runStates.map((s) => ({ value: s, label: s })) },
    {
      param: "customerId",
      label: "Customer",
      options: options.customers.map((c) => ({ value: c.id, label: c.name })),
    },
    { param: "flowId", label: "Flow", options: options.flows.map((f) => ({ value: f.id, label: f.name })) },
    {
      param: "flowInstanceId",
      label: "Instance",
      kind: "picker",
      placeholder: "Instance or customer name",
      any: "No instance matches",
      suggest: suggestRunInstances,
      selected: instanceId
        ? chosen
          ? { value: chosen.id, label: chosen.name, detail: chosen.customerName }
          : { value: instanceId, label: "Unknown instance", detail: instanceId }
        : undefined,
    },
    { param: "from", label: "From", kind: "datetime" },
    { param: "to", label: "To", kind: "datetime" },
  ];
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Runs</h1>
      <FilterBar fields={fields} search={false} />
      <InvalidFilters names={invalid} />
      <LiveAllRuns
        params={params}
        initial={view}
        flows={Object.fromEntries(options.flows.map((f) => [f.id, f.name]))}
      />
    </div>
  );
}

import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { instanceListView } from "@/lib/services/console/instance-list-view";
import { listFilterOptions } from "@/lib/services/console/filter-options";
import { FilterBar, type FilterField } from "@/components/flow-instances/filter-bar";
import { LiveInstanceList } from "@/components/flow-instances/live-instance-list";
import { instanceListQuery } from "./list/query";
import { InvalidFilters } from "@/components/ui/invalid-filters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flow instances · Flowdeck" };

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
  const { query, invalid } = instanceListQuery(sp);
  const [view, options] = await Promise.all([
    instanceListView({ ctx, input: query }),
    listFilterOptions({ ctx, input: {} }),
  ]);
  const params = Object.fromEntries(
    Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
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
    <LiveInstanceList params={params} initial={view}>
      <FilterBar
        fields={fields}
        searchLabel="Search name, id or key"
        searchPlaceholder="e.g. Sync new contacts"
      />
      <InvalidFilters names={invalid} />
    </LiveInstanceList>
  );
}

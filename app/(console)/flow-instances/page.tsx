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
    limit: String(PAGE_SIZE),
    ...rest,
    ...(archived === "all" ? { includeArchived: "true" } : archived ? { archived } : {}),
  };
  const parsed = listFlowInstancesQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : listFlowInstancesQuery.parse({ limit: String(PAGE_SIZE) });
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
      {!parsed.success && (
        <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Some filters in the address were invalid and were ignored:{" "}
          {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}
        </p>
      )}
      {page.items.length === 0 ? (
        <EmptyState title="No flow instances match">
          Try removing a filter or searching for something else.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Flow instances</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Customer
                </th>
                <th scope="col" className="px-3 py-2">
                  Integration
                </th>
                <th scope="col" className="px-3 py-2">
                  Flow
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Last run
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link
                      className="font-medium text-brand-700 hover:underline"
                      href={`/flow-instances/${i.id}`}
                    >
                      {i.name}
                    </Link>
                    {i.instanceKey && <div className="font-mono text-xs text-slate-400">{i.instanceKey}</div>}
                  </td>
                  <td className="px-3 py-2">
                    <Link className="hover:underline" href={`/customers/${i.userId}`}>
                      {names.customers[i.userId]?.name ?? i.userId}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{names.integrations[i.integrationId] ?? i.integrationId}</td>
                  <td className="px-3 py-2">
                    <Link className="hover:underline" href={`/flows/${i.flowId}`}>
                      {i.flow.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-1">
                      <Badge tone={i.enabled ? "green" : "gray"}>{i.enabled ? "enabled" : "disabled"}</Badge>
                      {i.isCustomized && <Badge tone="violet">customized</Badge>}
                      {i.outdated && <Badge tone="amber">outdated</Badge>}
                      {i.state !== "READY" && <Badge tone="red">setup failed</Badge>}
                      {i.archivedAt && <Badge tone="red">archived</Badge>}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap items-center gap-2">
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
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/flow-instances" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}

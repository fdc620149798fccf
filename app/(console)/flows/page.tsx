import Link from "next/link";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listFlowsWithCounts } from "@/lib/services/console/list-flows-with-counts";
import { DataTable, Td, rowClass } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flows · Flowdeck" };

export default async function FlowsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const page = await listFlowsWithCounts({ ctx, input: { cursor: sp.cursor, limit: 50 } });
  return (
    <div>
      <h1 className="mb-1 text-2xl font-semibold">Flows</h1>
      <p className="mb-4 text-sm text-slate-500">
        Templates every customer&apos;s instances are created from (read-only here; edit them in the workspace
        or through the API).
      </p>
      {page.items.length === 0 ? (
        <EmptyState title="No flows yet" />
      ) : (
        <DataTable
          caption="Flows"
          columns={[
            "Flow",
            "Integration",
            { label: "Nodes", align: "right" },
            { label: "Instances", align: "right" },
            { label: "Customized", align: "right" },
            { label: "Disabled", align: "right" },
            "Updated",
          ]}
        >
          {page.items.map((f) => (
            <tr key={f.id} className={rowClass}>
              <Td>
                <Link className="font-medium text-brand-700 hover:underline" href={`/flows/${f.id}`}>
                  {f.name}
                </Link>
                <div className="font-mono text-xs text-slate-400">{f.key}</div>
              </Td>
              <Td>{f.integrationName ?? "any"}</Td>
              <Td right>{f.nodesCount}</Td>
              <Td right>
                <Link
                  className="text-brand-700 hover:underline"
                  href={`/flow-instances?flowId=${f.id}`}
                  data-testid="flow-instances-count"
                >
                  {f.counts.instances}
                </Link>
              </Td>
              <Td right>{f.counts.customized}</Td>
              <Td right>{f.counts.disabled}</Td>
              <Td className="text-slate-600">
                <Time value={f.updatedAt} />
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager basePath="/flows" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}

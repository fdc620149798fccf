import Link from "next/link";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listFlowsWithCounts } from "@/lib/services/console/list-flows-with-counts";
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Flows</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Flow
                </th>
                <th scope="col" className="px-3 py-2">
                  Integration
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Nodes
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Instances
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Customized
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Disabled
                </th>
                <th scope="col" className="px-3 py-2">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((f) => (
                <tr key={f.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link className="font-medium text-brand-700 hover:underline" href={`/flows/${f.id}`}>
                      {f.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-400">{f.key}</div>
                  </td>
                  <td className="px-3 py-2">{f.integrationName ?? "any"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{f.nodesCount}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <Link
                      className="text-brand-700 hover:underline"
                      href={`/flow-instances?flowId=${f.id}`}
                      data-testid="flow-instances-count"
                    >
                      {f.counts.instances}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{f.counts.customized}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{f.counts.disabled}</td>
                  <td className="px-3 py-2 text-slate-600">
                    <Time value={f.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/flows" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}

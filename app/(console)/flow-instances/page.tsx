import Link from "next/link";
import { consoleCtx } from "@/lib/server/console-auth";
import { listFlowInstances, listFlowInstancesQuery } from "@/lib/services/flow-instances/list-flow-instances";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { Badge, RunStateBadge } from "@/components/ui/badge";

export const dynamic = "force-dynamic";

export default async function FlowInstancesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const parsed = listFlowInstancesQuery.safeParse({ limit: "50", ...sp });
  const query = parsed.success ? parsed.data : listFlowInstancesQuery.parse({ limit: "50" });
  const page = await listFlowInstances({ ctx, input: query });
  const names = await lookupNames({
    ctx,
    input: { customerIds: page.items.map((i) => i.userId), integrationIds: page.items.map((i) => i.integrationId) },
  });
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Flow instances</h1>
      {page.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-500">
          No flow instances match.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Name</th>
                <th className="px-3 py-2">Customer</th>
                <th className="px-3 py-2">Integration</th>
                <th className="px-3 py-2">Flow</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Last run</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link className="font-medium text-brand-700 hover:underline" href={`/flow-instances/${i.id}`}>
                      {i.name}
                    </Link>
                    {i.instanceKey && <span className="ml-2 text-xs text-slate-400">{i.instanceKey}</span>}
                  </td>
                  <td className="px-3 py-2">{names.customers[i.userId]?.name ?? i.userId}</td>
                  <td className="px-3 py-2">{names.integrations[i.integrationId] ?? i.integrationId}</td>
                  <td className="px-3 py-2">{i.flow.name}</td>
                  <td className="space-x-1 px-3 py-2">
                    <Badge tone={i.enabled ? "green" : "gray"}>{i.enabled ? "enabled" : "disabled"}</Badge>
                    {i.isCustomized && <Badge tone="violet">customized</Badge>}
                    {i.outdated && <Badge tone="amber">outdated</Badge>}
                    {i.archivedAt && <Badge tone="red">archived</Badge>}
                  </td>
                  <td className="px-3 py-2">
                    <RunStateBadge state={i.lastRun?.state} />
                    {i.lastRun?.at && (
                      <span className="ml-2 text-xs text-slate-500">{new Date(i.lastRun.at).toLocaleString("en-GB")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.cursor && (
        <div className="mt-4">
          <Link className="text-sm text-brand-700 hover:underline" href={`/flow-instances?cursor=${page.cursor}`}>
            Next page →
          </Link>
        </div>
      )}
    </div>
  );
}

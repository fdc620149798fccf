import Link from "next/link";
import { notFound } from "next/navigation";
import { consoleCtx } from "@/lib/server/console-auth";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { NotFoundError } from "@/lib/core/errors";
import { Badge, RunStateBadge } from "@/components/ui/badge";
import { RunButton } from "@/components/flow-instances/run-button";

export const dynamic = "force-dynamic";

export default async function FlowInstancePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleCtx();
  const { id } = await params;
  const instance = await getFlowInstance({ ctx, input: { selector: { id } } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const runs = await listFlowRuns({ ctx, input: { flowInstanceId: id, limit: 20 } });
  const trigger = Object.entries(instance.nodes).find(([, n]) => n.type === "api-trigger");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{instance.name}</h1>
        <Badge tone={instance.enabled ? "green" : "gray"}>{instance.enabled ? "enabled" : "disabled"}</Badge>
        {instance.isCustomized && <Badge tone="violet">customized</Badge>}
        <Badge tone={instance.state === "READY" ? "green" : "red"}>{instance.state}</Badge>
        <div className="ml-auto">
          <RunButton instanceId={instance.id} inputSchema={trigger?.[1].config?.inputSchema as object | undefined} />
        </div>
      </div>
      <section>
        <h2 className="mb-2 text-lg font-medium">Nodes</h2>
        <ul className="grid gap-2 md:grid-cols-2">
          {Object.entries(instance.nodes).map(([key, node]) => (
            <li key={key} data-testid="node" className="rounded-lg border border-slate-200 bg-white p-3">
              <div className="flex items-center gap-2">
                <span className="font-medium">{node.name ?? key}</span>
                <span className="text-xs text-slate-500">{node.type}</span>
                {node.state === "SETUP_FAILED" && <Badge tone="red">setup failed</Badge>}
              </div>
              {node.links?.length ? (
                <p className="mt-1 text-xs text-slate-500">→ {node.links.map((l) => l.key).join(", ")}</p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-medium">Recent runs</h2>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {runs.items.map((r) => (
            <li key={r.id} className="flex items-center gap-3 px-3 py-2 text-sm">
              <Link href={`/flow-runs/${r.id}`} className="font-mono text-brand-700 hover:underline">
                {r.id}
              </Link>
              <RunStateBadge state={r.state} />
              <span className="text-slate-500">{new Date(r.createdAt).toLocaleString("en-GB")}</span>
            </li>
          ))}
          {runs.items.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">No runs yet.</li>}
        </ul>
      </section>
    </div>
  );
}

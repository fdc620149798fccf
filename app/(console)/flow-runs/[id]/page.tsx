import Link from "next/link";
import { notFound } from "next/navigation";
import { consoleCtx } from "@/lib/server/console-auth";
import { getFlowRun, getFlowRunOutput } from "@/lib/services/flow-runs/get-flow-run";
import { NotFoundError } from "@/lib/core/errors";
import { RunStateBadge } from "@/components/ui/badge";
import { AutoRefresh } from "@/components/flow-runs/auto-refresh";

export const dynamic = "force-dynamic";

export default async function FlowRunPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleCtx();
  const { id } = await params;
  const run = await getFlowRun({ ctx, input: { id } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const output = await getFlowRunOutput({ ctx, input: { id } });
  const live = run.state === "queued" || run.state === "running";
  return (
    <div className="space-y-6">
      <AutoRefresh active={live} />
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-semibold">Run {run.id}</h1>
        <span data-testid="run-state">
          <RunStateBadge state={run.state} />
        </span>
      </div>
      <p className="text-sm text-slate-600">
        Instance{" "}
        <Link className="text-brand-700 hover:underline" href={`/flow-instances/${run.flowInstanceId}`}>
          {run.flowInstanceId}
        </Link>{" "}
        · launched by {String(run.launchedBy.type)} · started {new Date(run.startTime).toLocaleString("en-GB")}
      </p>
      {run.errors.length > 0 && (
        <section className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {run.errors.map((e, i) => (
            <p key={i}>{(e as { message?: string }).message}</p>
          ))}
        </section>
      )}
      <section>
        <h2 className="mb-2 text-lg font-medium">Nodes</h2>
        <pre className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 text-xs">{JSON.stringify(run.nodes, null, 2)}</pre>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-medium">Output</h2>
        <pre data-testid="run-output" className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 text-xs">
          {JSON.stringify(output, null, 2)}
        </pre>
      </section>
    </div>
  );
}

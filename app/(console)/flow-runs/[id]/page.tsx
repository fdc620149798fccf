import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { getFlowRun, getFlowRunOutput } from "@/lib/services/flow-runs/get-flow-run";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { listRunNodeRuns } from "@/lib/services/console/list-run-node-runs";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { NotFoundError } from "@/lib/core/errors";
import type { FlowNodes } from "@/lib/core/flow";
import { RunStateBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { AutoRefresh } from "@/components/flow-runs/auto-refresh";
import { RunActions } from "@/components/flow-runs/run-actions";
import { RunBody } from "@/components/flow-runs/run-body";
import { runDuration } from "@/components/flow-runs/duration";
import { nodeTypesFor } from "../../_lib/node-types";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id} · Flowdeck` };
}

export default async function FlowRunPage({ params }: Props) {
  const ctx = await consoleCtx();
  const { id } = await params;
  const run = await getFlowRun({ ctx, input: { id } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const [output, nodeRuns, instance, names] = await Promise.all([
    getFlowRunOutput({ ctx, input: { id } }),
    listRunNodeRuns({ ctx, input: { id } }),
    getFlowInstance({ ctx, input: { selector: { id: run.flowInstanceId } } }).catch(() => undefined),
    lookupNames({ ctx, input: { customerIds: [run.customerId], integrationIds: [run.integrationId] } }),
  ]);
  const live = run.state === "queued" || run.state === "running";
  const nodes = (instance?.nodes ?? {}) as FlowNodes;
  const duration = runDuration(run);
  return (
    <div className="space-y-5">
      <AutoRefresh active={live} />
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/flow-runs" className="hover:underline">
          Runs
        </Link>{" "}
        /{" "}
        <Link href={`/flow-instances/${run.flowInstanceId}`} className="hover:underline">
          {instance?.name ?? run.flowInstanceId}
        </Link>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">
          Run <span className="font-mono text-lg">{run.id}</span>
        </h1>
        <span data-testid="run-state" aria-live="polite">
          <RunStateBadge state={run.state} />
        </span>
        {live && <span className="text-xs text-slate-500">updating live…</span>}
        <div className="ml-auto">
          <RunActions id={run.id} live={live} />
        </div>
      </div>
      <p className="text-sm text-slate-600">
        {/* No prefetch: the customer page has no loading state to prefetch (see the instance page). */}
        <Link
          className="text-brand-700 hover:underline"
          href={`/customers/${run.customerId}`}
          prefetch={false}
        >
          {names.customers[run.customerId]?.name ?? run.customerId}
        </Link>{" "}
        · instance{" "}
        <Link className="text-brand-700 hover:underline" href={`/flow-instances/${run.flowInstanceId}`}>
          {instance?.name ?? run.flowInstanceId}
        </Link>{" "}
        · launched by {String(run.launchedBy.type)} · started <Time value={run.startTime} />
        {duration && <> · took {duration}</>}
        {run.attempts > 1 && <> · attempt {run.attempts}</>}
      </p>
      <RunBody run={run} nodes={nodes} types={nodeTypesFor(nodes)} nodeRuns={nodeRuns} output={output} />
    </div>
  );
}

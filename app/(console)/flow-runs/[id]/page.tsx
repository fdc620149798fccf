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
import { JsonViewer } from "@/components/ui/json-viewer";
import { Time } from "@/components/ui/time";
import { AutoRefresh } from "@/components/flow-runs/auto-refresh";
import { RunActions } from "@/components/flow-runs/run-actions";
import { RunView } from "@/components/flow-runs/run-view";
import { layoutGraph } from "@/components/flow-graph/dagre-layout";
import type { NodeRunCounters } from "@/components/flow-graph/types";
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
  const duration = run.endTime
    ? ((new Date(run.endTime).getTime() - new Date(run.startTime).getTime()) / 1000).toFixed(2) + " s"
    : undefined;
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
      {run.errors.length > 0 && (
        <section role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {run.errors.map((e, i) => (
            <p key={i}>{(e as { message?: string }).message ?? JSON.stringify(e)}</p>
          ))}
        </section>
      )}
      <RunView
        nodes={forGraph(nodes)}
        positions={layoutGraph(nodes)}
        types={nodeTypesFor(nodes)}
        counters={run.nodes as Record<string, NodeRunCounters>}
        nodeRuns={nodeRuns.byNode}
        totals={nodeRuns.totals}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <section>
          <h2 className="mb-2 text-lg font-medium">Input</h2>
          <JsonViewer value={run.input ?? null} testId="run-input" />
        </section>
        <section>
          <h2 className="mb-2 text-lg font-medium">Output</h2>
          <pre
            data-testid="run-output"
            className="max-h-80 overflow-auto rounded-lg border border-slate-200 bg-white p-3 text-xs"
          >
            {JSON.stringify(output, null, 2)}
          </pre>
        </section>
      </div>
    </div>
  );
}

/** What the run's graph and node list show of each node (not its config or input/output schemas). */
function forGraph(nodes: FlowNodes): FlowNodes {
  return Object.fromEntries(
    Object.entries(nodes).map(([k, n]) => [
      k,
      {
        type: n.type,
        name: n.name,
        links: n.links,
        state: n.state,
        isCustomized: n.isCustomized,
        errors: n.errors,
      },
    ]),
  );
}

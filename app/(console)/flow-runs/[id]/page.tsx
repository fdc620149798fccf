import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { getRunView } from "@/lib/services/console/get-run-view";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { NotFoundError } from "@/lib/core/errors";
import type { FlowNodes } from "@/lib/core/flow";
import { Time } from "@/components/ui/time";
import { LiveRunActions, LiveRunStatus } from "@/components/flow-runs/live-run";
import { RunBody } from "@/components/flow-runs/run-body";
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
  const view = await getRunView({ ctx, input: { id } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const { run } = view;
  const [instance, names] = await Promise.all([
    getFlowInstance({ ctx, input: { selector: { id: run.flowInstanceId } } }).catch(() => undefined),
    lookupNames({ ctx, input: { customerIds: [run.customerId], integrationIds: [run.integrationId] } }),
  ]);
  const nodes = (instance?.nodes ?? {}) as FlowNodes;
  const live = { id: run.id, initial: view, viewUrl: `/flow-runs/${encodeURIComponent(run.id)}/view` };
  return (
    <div className="space-y-5">
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
        <LiveRunStatus {...live} />
        <div className="ml-auto">
          <LiveRunActions {...live} />
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
        {run.attempts > 1 && <> · attempt {run.attempts}</>}
      </p>
      <RunBody {...live} nodes={nodes} types={nodeTypesFor(nodes)} />
    </div>
  );
}

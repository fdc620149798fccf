import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { listConnections } from "@/lib/services/connections/list-connections";
import { listFlowInstances } from "@/lib/services/flow-instances/list-flow-instances";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { lookupInstanceNames } from "@/lib/services/console/lookup-instance-names";
import { countFlowInstances } from "@/lib/services/console/count-flow-instances";
import { NotFoundError } from "@/lib/core/errors";
import { Badge, RunStateBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { JsonViewer } from "@/components/ui/json-viewer";
import { Time } from "@/components/ui/time";
import { RunTable } from "@/components/flow-runs/run-table";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Customer ${(await params).id} · Flowdeck` };
}

export default async function CustomerPage({ params }: Props) {
  const ctx = await consoleCtx();
  const { id } = await params;
  const customer = await getCustomer({ ctx, input: { selector: id } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const [connections, instances, total, runs] = await Promise.all([
    listConnections({ ctx, input: { customerId: customer.id, limit: 100, includeArchived: true } }),
    listFlowInstances({ ctx, input: { customerId: customer.id, limit: 100 } }),
    countFlowInstances({ ctx, input: { customerId: customer.id } }),
    listFlowRuns({ ctx, input: { customerId: customer.id, limit: 10 } }),
  ]);
  const [names, instanceNames] = await Promise.all([
    lookupNames({
      ctx,
      input: { customerIds: [customer.id], integrationIds: connections.items.map((c) => c.integrationId) },
    }),
    lookupInstanceNames({ ctx, input: { ids: runs.items.map((r) => r.flowInstanceId) } }),
  ]);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/customers" className="hover:underline">
          Customers
        </Link>{" "}
        / <span className="font-mono">{customer.internalId}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{customer.name}</h1>
        {customer.archivedAt && <Badge tone="red">archived</Badge>}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="connections">
          <h2 id="connections" className="mb-2 text-lg font-medium">
            Connections
          </h2>
          {connections.items.length === 0 ? (
            <EmptyState title="No connections" />
          ) : (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
              {connections.items.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                  <span className="font-medium">{c.name}</span>
                  <span className="text-slate-500">
                    {names.integrations[c.integrationId] ?? c.integrationId}
                  </span>
                  {c.disconnected && <Badge tone="amber">disconnected</Badge>}
                  {c.archivedAt && <Badge tone="red">archived</Badge>}
                  <Link
                    className="ml-auto text-xs text-brand-700 hover:underline"
                    href={`/flow-instances?customerId=${customer.id}&integrationId=${c.integrationId}`}
                  >
                    instances →
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="fields">
          <h2 id="fields" className="mb-2 text-lg font-medium">
            Fields
          </h2>
          <JsonViewer value={customer.fields} />
        </section>
      </div>
      <section aria-labelledby="instances">
        <h2 id="instances" className="mb-2 text-lg font-medium">
          Flow instances <span className="text-sm font-normal text-slate-500">({total.total})</span>
        </h2>
        {instances.items.length === 0 ? (
          <EmptyState title="No flow instances" />
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {instances.items.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                <Link className="font-medium text-brand-700 hover:underline" href={`/flow-instances/${i.id}`}>
                  {i.name}
                </Link>
                {i.instanceKey && <span className="font-mono text-xs text-slate-400">{i.instanceKey}</span>}
                <Badge tone={i.enabled ? "green" : "gray"}>{i.enabled ? "enabled" : "disabled"}</Badge>
                {i.isCustomized && <Badge tone="violet">customized</Badge>}
                <span className="ml-auto flex items-center gap-2 text-xs text-slate-500">
                  <RunStateBadge state={i.lastRun?.state} />
                  {i.lastRun?.at && <Time value={i.lastRun.at} />}
                </span>
              </li>
            ))}
          </ul>
        )}
        {total.total > instances.items.length && (
          <Link
            className="mt-2 inline-block text-sm text-brand-700 hover:underline"
            href={`/flow-instances?customerId=${customer.id}`}
          >
            All {total.total} instances →
          </Link>
        )}
      </section>
      <section aria-labelledby="recent-runs">
        <h2 id="recent-runs" className="mb-2 text-lg font-medium">
          Recent runs
        </h2>
        {runs.items.length === 0 ? (
          <EmptyState title="No runs yet" />
        ) : (
          <RunTable
            runs={runs.items}
            names={{ customers: names.customers, flows: {}, instances: instanceNames }}
            caption="Recent runs"
          />
        )}
        <Link
          className="mt-2 inline-block text-sm text-brand-700 hover:underline"
          href={`/flow-runs?customerId=${customer.id}`}
        >
          All runs of {customer.name} →
        </Link>
      </section>
    </div>
  );
}

import { cache } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlow } from "@/lib/services/flows/get-flow";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { NotFoundError } from "@/lib/core/errors";
import type { FlowNodes } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";
import { Badge, RunStateBadge } from "@/components/ui/badge";
import { LinkTabs } from "@/components/ui/tabs";
import { Time } from "@/components/ui/time";
import { JsonViewer } from "@/components/ui/json-viewer";
import { EmptyState } from "@/components/ui/empty-state";
import { LiveRunList } from "@/components/flow-runs/live-run-list";
import { InstanceActions } from "@/components/flow-instances/instance-actions";
import { InstanceGraph } from "@/components/flow-instances/instance-graph";
import { layoutGraph } from "@/components/flow-graph/dagre-layout";
import { ParametersForm } from "@/components/flow-instances/parameters-form";
import { nodeTypesFor } from "../../_lib/node-types";

export const dynamic = "force-dynamic";

const TABS = [
  { id: "graph", label: "Graph" },
  { id: "parameters", label: "Parameters" },
  { id: "runs", label: "Runs" },
  { id: "details", label: "Details" },
];

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

// Called by generateMetadata and the page: cache() makes it one load per request.
const load = cache(async (id: string) => {
  const ctx = await consoleCtx();
  const instance = await getFlowInstance({ ctx, input: { selector: { id } } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return { ctx, instance };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { instance } = await load(id);
  return { title: `${instance.name} · Flowdeck` };
}

export default async function FlowInstancePage({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  const tab = TABS.some((t) => t.id === sp.tab) ? sp.tab! : "graph";
  const { ctx, instance } = await load(id);
  const [flow, names] = await Promise.all([
    getFlow({ ctx, input: { selector: instance.flowId } }),
    lookupNames({ ctx, input: { customerIds: [instance.userId], integrationIds: [instance.integrationId] } }),
  ]);
  const nodes = instance.nodes as FlowNodes;
  const trigger = Object.entries(nodes).find(([, n]) => n.type === "api-trigger");
  const archived = !!instance.archivedAt;
  const parametersSchema = flow.parametersSchema as JsonSchema | undefined;
  const customer = names.customers[instance.userId];

  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/flow-instances" className="hover:underline">
          Flow instances
        </Link>{" "}
        / <span className="text-slate-700">{customer?.name ?? instance.userId}</span>
      </nav>
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{instance.name}</h1>
        <div className="flex flex-wrap gap-1" data-testid="instance-badges">
          <Badge tone={instance.enabled ? "green" : "gray"}>
            {instance.enabled ? "enabled" : "disabled"}
          </Badge>
          {instance.isCustomized && <Badge tone="violet">customized</Badge>}
          {instance.outdated && <Badge tone="amber">outdated</Badge>}
          {archived && <Badge tone="red">archived</Badge>}
          <Badge tone={instance.state === "READY" ? "green" : "red"}>{instance.state}</Badge>
        </div>
        <div className="ml-auto">
          <InstanceActions
            id={instance.id}
            enabled={instance.enabled}
            archived={archived}
            isCustomized={instance.isCustomized}
            inputSchema={trigger?.[1].config?.inputSchema as JsonSchema | undefined}
          />
        </div>
      </div>
      <p className="mb-4 text-sm text-slate-600">
        {/* No prefetch: these pages have no loading state to prefetch, and each prefetch is a server render
            plus client work while the graph is being drawn. */}
        <Link
          className="text-brand-700 hover:underline"
          href={`/customers/${instance.userId}`}
          prefetch={false}
        >
          {customer?.name ?? instance.userId}
        </Link>{" "}
        · {names.integrations[instance.integrationId] ?? instance.integrationId} · flow{" "}
        <Link className="text-brand-700 hover:underline" href={`/flows/${instance.flowId}`} prefetch={false}>
          {flow.name}
        </Link>
        {instance.instanceKey && (
          <>
            {" "}
            · key <span className="font-mono">{instance.instanceKey}</span>
          </>
        )}
        {instance.lastRun && (
          <>
            {" "}
            · last run{" "}
            <Link href={`/flow-runs/${instance.lastRun.id}`}>
              <RunStateBadge state={instance.lastRun.state} />
            </Link>
          </>
        )}
      </p>
      {archived && (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          This instance is archived: it is hidden from lists and cannot run. Restore it to use it again.
        </p>
      )}
      {instance.state !== "READY" && instance.errors && (
        <div
          role="alert"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          Setup failed:
          <ul className="list-inside list-disc">
            {(instance.errors as { message?: string }[]).slice(0, 5).map((e, i) => (
              <li key={i}>{e.message ?? JSON.stringify(e)}</li>
            ))}
          </ul>
        </div>
      )}
      <LinkTabs
        label="Instance sections"
        tabs={TABS}
        active={tab}
        hrefFor={(t) => `/flow-instances/${id}?tab=${t}`}
      />

      {tab === "graph" && (
        <InstanceGraph
          instanceId={instance.id}
          revision={instance.revision}
          nodes={nodes}
          positions={layoutGraph(nodes)}
          templateNodes={templateForDiff(flow.nodes as FlowNodes)}
          types={nodeTypesFor(nodes)}
          parametersSchema={parametersSchema}
        />
      )}

      {tab === "parameters" &&
        (parametersSchema?.properties && Object.keys(parametersSchema.properties).length ? (
          <ParametersForm
            key={instance.revision}
            instanceId={instance.id}
            schema={parametersSchema}
            parameters={instance.parameters}
          />
        ) : (
          <EmptyState title="This flow has no parameters" />
        ))}

      {tab === "runs" && <RunsTab instanceId={instance.id} />}

      {tab === "details" && (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,360px)_1fr]">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 self-start rounded-lg border border-slate-200 bg-white p-4 text-sm">
            {(
              [
                ["Id", instance.id],
                ["Instance key", instance.instanceKey ?? "—"],
                ["Flow", `${flow.key} (${instance.flowId})`],
                ["Connection", instance.connectionId],
                ["Customer", `${customer?.name ?? ""} (${instance.userId})`],
                ["Integration", instance.integrationId],
                ["Revision", String(instance.revision)],
                ["Flow revision", instance.flowRevision],
                ["Latest flow revision", flow.revision],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="font-mono text-xs break-all">{v}</dd>
              </div>
            ))}
            <dt className="text-slate-500">Created</dt>
            <dd className="text-xs">
              <Time value={instance.createdAt} />
            </dd>
            <dt className="text-slate-500">Updated</dt>
            <dd className="text-xs">
              <Time value={instance.updatedAt} />
            </dd>
          </dl>
          <div>
            <h2 className="mb-2 text-sm font-semibold">Raw JSON</h2>
            <JsonViewer value={instance} testId="instance-json" />
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * The template's nodes as the node panel uses them (presence, and name, config and links for the diff of a
 * customized node): their input/output schemas would double what the page sends for a large graph.
 */
function templateForDiff(nodes: FlowNodes): FlowNodes {
  return Object.fromEntries(
    Object.entries(nodes).map(([k, n]) => [
      k,
      { type: n.type, name: n.name, config: n.config, links: n.links },
    ]),
  );
}

async function RunsTab({ instanceId }: { instanceId: string }) {
  const ctx = await consoleCtx();
  const runs = await listFlowRuns({ ctx, input: { flowInstanceId: instanceId, limit: 25 } });
  return <LiveRunList instanceId={instanceId} initial={runs} />;
}

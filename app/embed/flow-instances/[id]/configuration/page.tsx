import Link from "next/link";
import type { Metadata } from "next";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlow } from "@/lib/services/flows/get-flow";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { getNodeSample } from "@/lib/services/console/get-node-sample";
import { embedHref, instanceStatusOf } from "@/lib/core/embed";
import type { FlowNodes } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";
import type { Ctx } from "@/lib/services/context";
import { ChangedElsewhereNotice, LiveInstanceBadges } from "@/components/embed/live-instance-badges";
import { EmbedShell } from "@/components/embed/embed-shell";
import { ConfigurationForm, type EditableNode } from "@/components/embed/configuration-form";
import { EmbedRunList } from "@/components/embed/run-list";
import { ChangeStreamProvider } from "@/components/live/change-stream";
import { NotAuthorized } from "@/components/embed/not-authorized";
import { nodeTypesFor } from "@/app/(console)/_lib/node-types";
import {
  EMBED_RUNS_PAGE_SIZE,
  embedPage,
  orNotFound,
  type EmbedSearchParams,
} from "../../../_lib/page-context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Configuration" };

type Props = { params: Promise<{ id: string }>; searchParams: EmbedSearchParams };

/** The instance and when it was read (the live badges' baseline: a later stream change wins over it). */
async function readInstance(ctx: Ctx, id: string) {
  const readAt = Date.now();
  return { readAt, instance: await orNotFound(getFlowInstance({ ctx, input: { selector: { id } } })) };
}

export default async function EmbedConfigurationPage({ params, searchParams }: Props) {
  const { id } = await params;
  const page = await embedPage(searchParams);
  if (!page.ok) return <NotAuthorized reason={page.reason} />;
  const { ctx, theme, allowedOrigins, sp } = page;
  const { instance, readAt } = await readInstance(ctx, id);
  const [flow, runs] = await Promise.all([
    getFlow({ ctx, input: { selector: instance.flowId } }),
    listFlowRuns({ ctx, input: { flowInstanceId: instance.id, limit: EMBED_RUNS_PAGE_SIZE } }),
  ]);
  const nodes = instance.nodes as FlowNodes;
  const template = flow.nodes as FlowNodes;
  const types = nodeTypesFor(nodes);
  // Customer-editable nodes are the ones the flow (template) marks `customerConfigurable`.
  const editable: EditableNode[] = Object.entries(nodes)
    .filter(([key]) => template[key]?.customerConfigurable === true)
    .map(([key, n]) => ({
      key,
      type: n.type,
      name: n.name ?? key,
      typeName: types[n.type]?.name ?? n.type,
      description: types[n.type]?.description,
      configSchema: types[n.type]?.configSchema,
      config: (n.config ?? {}) as Record<string, unknown>,
      defaultConfig: (template[key]?.config ?? {}) as Record<string, unknown>,
      state: n.state,
      errors: n.errors ?? [],
      inputSchema: n.inputSchema,
      isCustomized: n.isCustomized,
    }));
  // The previews' sample: each node's input in the latest run that reached it (a few editable nodes at most).
  await Promise.all(
    editable.map(async (n) => {
      n.sample = await getNodeSample({ ctx, input: { flowInstanceId: instance.id, nodeKey: n.key } });
    }),
  );
  const focusKey = sp.nodeKey && editable.some((n) => n.key === sp.nodeKey) ? sp.nodeKey : undefined;
  if (focusKey) editable.sort((a, b) => (a.key === focusKey ? -1 : b.key === focusKey ? 1 : 0));
  const nodeNames = Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, n.name ?? k]));
  const archived = !!instance.archivedAt;
  const parametersSchema = flow.parametersSchema as JsonSchema | undefined;
  const status = instanceStatusOf(instance, readAt);

  return (
    <ChangeStreamProvider url="/embed/events">
      <EmbedShell
        theme={theme}
        allowedOrigins={allowedOrigins}
        title={instance.name}
        subtitle={flow.description ? String(flow.description) : undefined}
        badges={<LiveInstanceBadges instanceId={instance.id} initial={status} />}
        actions={
          <Link
            href={embedHref(`/embed/flow-instances/${instance.id}/editor`, theme)}
            className="text-sm text-brand-700 hover:underline"
          >
            Open editor
          </Link>
        }
      >
        <ChangedElsewhereNotice instanceId={instance.id} initial={status} />
        {archived && (
          <p
            role="status"
            className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            This flow is archived and cannot run or be changed.
          </p>
        )}
        {sp.nodeKey && !focusKey && (
          <p role="status" className="mb-4 text-sm text-slate-500">
            Step “{nodeNames[sp.nodeKey] ?? sp.nodeKey}” cannot be configured here.
          </p>
        )}
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
          <ConfigurationForm
            key={instance.revision}
            instanceId={instance.id}
            enabled={instance.enabled}
            archived={archived}
            parametersSchema={parametersSchema}
            parameters={instance.parameters as Record<string, unknown>}
            nodes={editable}
            focusKey={focusKey}
            nodeNames={nodeNames}
          />
          <section aria-labelledby="runs-heading">
            <h2 id="runs-heading" className="mb-2 text-sm font-semibold text-slate-800">
              Recent runs
            </h2>
            <EmbedRunList
              instanceId={instance.id}
              initial={runs}
              runHrefTemplate={embedHref("/embed/flow-runs/__RUN__/editor", theme)}
            />
          </section>
        </div>
      </EmbedShell>
    </ChangeStreamProvider>
  );
}

import Link from "next/link";
import type { Metadata } from "next";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlow } from "@/lib/services/flows/get-flow";
import { embedHref } from "@/lib/core/embed";
import type { FlowNodes } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";
import { Badge, RunStateBadge } from "@/components/ui/badge";
import { EmbedShell } from "@/components/embed/embed-shell";
import { InstanceGraph } from "@/components/flow-instances/instance-graph";
import { layoutGraph } from "@/components/flow-graph/dagre-layout";
import { EmbedInstanceActions } from "@/components/embed/embed-instance-actions";
import { NotAuthorized } from "@/components/embed/not-authorized";
import { nodeTypesFor } from "@/app/(console)/_lib/node-types";
import { embedPage, orNotFound, type EmbedSearchParams } from "../../../_lib/page-context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flow editor" };

type Props = { params: Promise<{ id: string }>; searchParams: EmbedSearchParams };

export default async function EmbedInstanceEditorPage({ params, searchParams }: Props) {
  const { id } = await params;
  const page = await embedPage(searchParams);
  if (!page.ok) return <NotAuthorized reason={page.reason} />;
  const { ctx, theme, allowedOrigins } = page;
  const instance = await orNotFound(getFlowInstance({ ctx, input: { selector: { id } } }));
  const flow = await getFlow({ ctx, input: { selector: instance.flowId } });
  const nodes = instance.nodes as FlowNodes;
  const trigger = Object.values(nodes).find((n) => n.type === "api-trigger");
  const archived = !!instance.archivedAt;
  const runHrefTemplate = embedHref("/embed/flow-runs/__RUN__/editor", theme);

  return (
    <EmbedShell
      theme={theme}
      allowedOrigins={allowedOrigins}
      title={instance.name}
      subtitle={
        <>
          <Link
            href={embedHref(`/embed/flow-instances/${instance.id}/configuration`, theme)}
            className="text-brand-700 hover:underline"
          >
            Configuration
          </Link>
          {instance.lastRun && (
            <>
              {" "}
              · last run{" "}
              <Link href={runHrefTemplate.replace("__RUN__", instance.lastRun.id)}>
                <RunStateBadge state={instance.lastRun.state} />
              </Link>
            </>
          )}
        </>
      }
      badges={
        <span className="flex gap-1" data-testid="instance-badges">
          <Badge tone={instance.enabled ? "green" : "gray"}>
            {instance.enabled ? "enabled" : "disabled"}
          </Badge>
          {instance.isCustomized && <Badge tone="violet">customized</Badge>}
          {archived && <Badge tone="red">archived</Badge>}
          <Badge tone={instance.state === "READY" ? "green" : "red"}>{instance.state}</Badge>
        </span>
      }
      actions={
        <EmbedInstanceActions
          id={instance.id}
          enabled={instance.enabled}
          archived={archived}
          inputSchema={trigger?.config?.inputSchema as JsonSchema | undefined}
          runHrefTemplate={runHrefTemplate}
        />
      }
    >
      <InstanceGraph
        instanceId={instance.id}
        revision={instance.revision}
        nodes={nodes}
        positions={layoutGraph(nodes)}
        templateNodes={flow.nodes as FlowNodes}
        types={nodeTypesFor(nodes)}
        parametersSchema={flow.parametersSchema as JsonSchema | undefined}
        readOnly={archived}
      />
    </EmbedShell>
  );
}

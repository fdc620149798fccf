import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { getFlow } from "@/lib/services/flows/get-flow";
import { countFlowInstances } from "@/lib/services/console/count-flow-instances";
import { NotFoundError } from "@/lib/core/errors";
import type { FlowNodes } from "@/lib/core/flow";
import { Badge } from "@/components/ui/badge";
import { JsonViewer } from "@/components/ui/json-viewer";
import { FlowGraphView } from "@/components/flows/flow-graph-view";
import { layoutGraph } from "@/components/flow-graph/dagre-layout";
import { nodeTypesFor } from "../../_lib/node-types";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Flow ${(await params).id} · Flowdeck` };
}

export default async function FlowPage({ params }: Props) {
  const ctx = await consoleCtx();
  const { id } = await params;
  const flow = await getFlow({ ctx, input: { selector: id } }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const [all, customized] = await Promise.all([
    countFlowInstances({ ctx, input: { flowId: flow.id } }),
    countFlowInstances({ ctx, input: { flowId: flow.id, isCustomized: true } }),
  ]);
  const nodes = flow.nodes as FlowNodes;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/flows" className="hover:underline">
          Flows
        </Link>{" "}
        / <span className="font-mono">{flow.key}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{flow.name}</h1>
        <Badge tone={flow.state === "READY" ? "green" : "red"}>{flow.state}</Badge>
        {flow.archivedAt && <Badge tone="red">archived</Badge>}
      </div>
      {flow.description && <p className="text-sm text-slate-600">{flow.description}</p>}
      <p className="text-sm text-slate-600">
        <Link className="text-brand-700 hover:underline" href={`/flow-instances?flowId=${flow.id}`}>
          {all.total} instances
        </Link>{" "}
        ·{" "}
        <Link
          className="text-brand-700 hover:underline"
          href={`/flow-instances?flowId=${flow.id}&isCustomized=true`}
        >
          {customized.total} customized
        </Link>{" "}
        · revision <span className="font-mono text-xs">{flow.revision}</span>
      </p>
      <FlowGraphView nodes={nodes} positions={layoutGraph(nodes)} types={nodeTypesFor(nodes)} />
      {flow.parametersSchema && (
        <section>
          <h2 className="mb-2 text-lg font-medium">Parameters schema</h2>
          <JsonViewer value={flow.parametersSchema} />
        </section>
      )}
    </div>
  );
}

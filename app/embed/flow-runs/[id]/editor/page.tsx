import Link from "next/link";
import type { Metadata } from "next";
import { getFlowRun, getFlowRunOutput } from "@/lib/services/flow-runs/get-flow-run";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { listRunNodeRuns } from "@/lib/services/console/list-run-node-runs";
import { embedHref } from "@/lib/core/embed";
import type { FlowNodes } from "@/lib/core/flow";
import { RunStateBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { AutoRefresh } from "@/components/flow-runs/auto-refresh";
import { RunBody } from "@/components/flow-runs/run-body";
import { runDuration } from "@/components/flow-runs/duration";
import { EmbedShell } from "@/components/embed/embed-shell";
import { EmbedRunActions } from "@/components/embed/embed-run-actions";
import { NotAuthorized } from "@/components/embed/not-authorized";
import { nodeTypesFor } from "@/app/(console)/_lib/node-types";
import { embedPage, orNotFound, type EmbedSearchParams } from "../../../_lib/page-context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flow run" };

type Props = { params: Promise<{ id: string }>; searchParams: EmbedSearchParams };

export default async function EmbedRunEditorPage({ params, searchParams }: Props) {
  const { id } = await params;
  const page = await embedPage(searchParams);
  if (!page.ok) return <NotAuthorized reason={page.reason} />;
  const { ctx, theme, allowedOrigins } = page;
  const run = await orNotFound(getFlowRun({ ctx, input: { id } }));
  const [output, nodeRuns, instance] = await Promise.all([
    getFlowRunOutput({ ctx, input: { id } }),
    listRunNodeRuns({ ctx, input: { id } }),
    getFlowInstance({ ctx, input: { selector: { id: run.flowInstanceId } } }).catch(() => undefined),
  ]);
  const live = run.state === "queued" || run.state === "running";
  const nodes = (instance?.nodes ?? {}) as FlowNodes;
  const duration = runDuration(run);

  return (
    <EmbedShell
      theme={theme}
      allowedOrigins={allowedOrigins}
      title={<>Run of {instance?.name ?? "a flow"}</>}
      badges={
        <span data-testid="run-state" aria-live="polite">
          <RunStateBadge state={run.state} />
        </span>
      }
      subtitle={
        <>
          {instance && (
            <>
              <Link
                href={embedHref(`/embed/flow-instances/${run.flowInstanceId}/configuration`, theme)}
                className="text-brand-700 hover:underline"
              >
                Configuration
              </Link>{" "}
              ·{" "}
              <Link
                href={embedHref(`/embed/flow-instances/${run.flowInstanceId}/editor`, theme)}
                className="text-brand-700 hover:underline"
              >
                Editor
              </Link>{" "}
              ·{" "}
            </>
          )}
          launched by {String(run.launchedBy.type)} · started <Time value={run.startTime} />
          {duration && <> · took {duration}</>}
          {live && <> · updating live…</>}
        </>
      }
      actions={
        <EmbedRunActions
          id={run.id}
          live={live}
          runHrefTemplate={embedHref("/embed/flow-runs/__RUN__/editor", theme)}
        />
      }
    >
      <AutoRefresh active={live} />
      <div className="space-y-5">
        <RunBody run={run} nodes={nodes} types={nodeTypesFor(nodes)} nodeRuns={nodeRuns} output={output} />
      </div>
    </EmbedShell>
  );
}

import Link from "next/link";
import type { Metadata } from "next";
import { getRunView } from "@/lib/services/console/get-run-view";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { embedHref } from "@/lib/core/embed";
import type { FlowNodes } from "@/lib/core/flow";
import { Time } from "@/components/ui/time";
import { LiveRunActions, LiveRunStatus } from "@/components/flow-runs/live-run";
import { ChangeStreamProvider } from "@/components/live/change-stream";
import { RunBody } from "@/components/flow-runs/run-body";
import { EmbedShell } from "@/components/embed/embed-shell";
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
  const view = await orNotFound(getRunView({ ctx, input: { id } }));
  const { run } = view;
  const instance = await getFlowInstance({ ctx, input: { selector: { id: run.flowInstanceId } } }).catch(
    () => undefined,
  );
  const nodes = (instance?.nodes ?? {}) as FlowNodes;
  const live = { id: run.id, initial: view, viewUrl: `/embed/flow-runs/${encodeURIComponent(run.id)}/view` };

  return (
    <ChangeStreamProvider url="/embed/events">
      <EmbedShell
        theme={theme}
        allowedOrigins={allowedOrigins}
        title={<>Run of {instance?.name ?? "a flow"}</>}
        badges={<LiveRunStatus {...live} />}
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
          </>
        }
        actions={
          <LiveRunActions {...live} runHrefTemplate={embedHref("/embed/flow-runs/__RUN__/editor", theme)} />
        }
      >
        <div className="space-y-5">
          <RunBody {...live} nodes={nodes} types={nodeTypesFor(nodes)} />
        </div>
      </EmbedShell>
    </ChangeStreamProvider>
  );
}

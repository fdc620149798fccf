"use client";

import { RunActions } from "@/components/flow-runs/run-actions";
import { repeatEmbedRun, stopEmbedRun } from "@/app/embed/actions";

/** The run page's Stop/Repeat, through the customer-scoped embed actions and embed links. */
export function EmbedRunActions({
  id,
  live,
  runHrefTemplate,
}: {
  id: string;
  live: boolean;
  runHrefTemplate: string;
}) {
  return (
    <RunActions
      id={id}
      live={live}
      actions={{ stop: stopEmbedRun, repeat: repeatEmbedRun }}
      runHref={(runId) => runHrefTemplate.replace("__RUN__", encodeURIComponent(runId))}
    />
  );
}

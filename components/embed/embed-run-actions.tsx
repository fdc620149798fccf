"use client";

import { RunActions } from "@/components/flow-runs/run-actions";

/** The run page's Stop/Repeat with embed links (the actions are the embed's, from its layout). */
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
      runHref={(runId) => runHrefTemplate.replace("__RUN__", encodeURIComponent(runId))}
    />
  );
}

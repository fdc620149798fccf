"use client";

import { RunButton } from "@/components/flow-instances/run-button";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import type { JsonSchema } from "@/lib/core/schema";
import { useActions } from "@/components/actions/actions-provider";

/** Editor header actions: Run (opens the embedded run page) and Enable/Disable. */
export function EmbedInstanceActions({
  id,
  enabled,
  archived,
  inputSchema,
  runHrefTemplate,
}: {
  id: string;
  enabled: boolean;
  archived: boolean;
  inputSchema?: JsonSchema;
  /** Embedded run page URL with `__RUN__` in place of the run id (keeps the theme query). */
  runHrefTemplate: string;
}) {
  const toggle = useAction();
  const { setInstanceEnabled } = useActions();
  return (
    <div role="group" aria-label="Instance actions" className="flex flex-wrap items-center gap-2">
      {!archived && (
        <RunButton
          instanceId={id}
          inputSchema={inputSchema}
          runHref={(runId) => runHrefTemplate.replace("__RUN__", encodeURIComponent(runId))}
        />
      )}
      {!archived && (
        <Button
          pending={toggle.pending}
          onClick={() =>
            toggle.run(() => setInstanceEnabled(id, !enabled), {
              success: (d) => (d.enabled ? "Enabled" : "Disabled"),
            })
          }
        >
          {enabled ? "Disable" : "Enable"}
        </Button>
      )}
    </div>
  );
}

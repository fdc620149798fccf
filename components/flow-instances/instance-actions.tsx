"use client";

import { Button } from "@/components/ui/button";
import { useOptimisticAction } from "@/components/ui/use-optimistic-action";
import { queryKeys } from "@/components/live/change-stream";
import { useActions } from "@/components/actions/actions-provider";
import { ConfirmButton } from "./confirm-button";
import { RunButton } from "./run-button";
import type { JsonSchema } from "@/lib/core/schema";

export function InstanceActions({
  id,
  enabled,
  archived,
  isCustomized,
  inputSchema,
}: {
  id: string;
  enabled: boolean;
  archived: boolean;
  isCustomized: boolean;
  inputSchema?: JsonSchema;
}) {
  const { archiveInstance, resetInstance, setInstanceEnabled, setupInstance } = useActions();
  const lists = { invalidates: [queryKeys.instances()] };
  // The switch flips at once and flips back if the server refuses.
  const toggle = useOptimisticAction<boolean>(lists);
  const setup = useOptimisticAction(lists);
  const reset = useOptimisticAction(lists);
  const archive = useOptimisticAction(lists);
  const shownEnabled = toggle.shown(enabled);
  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Instance actions" role="group">
      {!archived && <RunButton instanceId={id} inputSchema={inputSchema} />}
      <Button
        pending={toggle.pending}
        onClick={() =>
          toggle.run({
            action: () => setInstanceEnabled(id, !shownEnabled),
            optimistic: !shownEnabled,
            success: (d) => (d.enabled ? "Instance enabled" : "Instance disabled"),
          })
        }
      >
        {shownEnabled ? "Disable" : "Enable"}
      </Button>
      <Button
        pending={setup.pending}
        onClick={() => setup.run({ action: () => setupInstance(id), success: (d) => `Set up: ${d.state}` })}
      >
        Set up
      </Button>
      <ConfirmButton
        label="Reset"
        title="Reset this instance?"
        body={
          <>
            Name and every node go back to the flow&apos;s current template
            {isCustomized ? "; this instance's customizations are lost" : ""}. The id, parameters and runs are
            kept.
          </>
        }
        confirmLabel="Reset instance"
        pending={reset.pending}
        onConfirm={() =>
          reset.run({ action: () => resetInstance(id), success: "Instance reset to the template" })
        }
      />
      {archived ? (
        <Button
          pending={archive.pending}
          onClick={() =>
            archive.run({ action: () => archiveInstance(id, true), success: "Instance restored" })
          }
        >
          Restore
        </Button>
      ) : (
        <ConfirmButton
          label="Archive"
          title="Archive this instance?"
          body="Archived instances are hidden from lists and cannot run. You can restore it later."
          confirmLabel="Archive instance"
          variant="danger"
          pending={archive.pending}
          onConfirm={() =>
            archive.run({ action: () => archiveInstance(id, false), success: "Instance archived" })
          }
        />
      )}
    </div>
  );
}

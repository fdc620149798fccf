"use client";

import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
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
  const toggle = useAction();
  const setup = useAction();
  const reset = useAction();
  const archive = useAction();
  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Instance actions" role="group">
      {!archived && <RunButton instanceId={id} inputSchema={inputSchema} />}
      <Button
        pending={toggle.pending}
        onClick={() =>
          toggle.run(() => setInstanceEnabled(id, !enabled), {
            success: (d) => (d.enabled ? "Instance enabled" : "Instance disabled"),
          })
        }
      >
        {enabled ? "Disable" : "Enable"}
      </Button>
      <Button
        pending={setup.pending}
        onClick={() => setup.run(() => setupInstance(id), { success: (d) => `Set up: ${d.state}` })}
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
        onConfirm={() => reset.run(() => resetInstance(id), { success: "Instance reset to the template" })}
      />
      {archived ? (
        <Button
          pending={archive.pending}
          onClick={() => archive.run(() => archiveInstance(id, true), { success: "Instance restored" })}
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
          onConfirm={() => archive.run(() => archiveInstance(id, false), { success: "Instance archived" })}
        />
      )}
    </div>
  );
}

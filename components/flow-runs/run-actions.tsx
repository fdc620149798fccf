"use client";

import { useRouter } from "next/navigation";
import { repeatRun, stopRun } from "@/app/(console)/flow-runs/[id]/actions";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

/** Stop (while queued/running) and Repeat; the customer embed passes its own scoped actions and links. */
export function RunActions({
  id,
  live,
  actions = { stop: stopRun, repeat: repeatRun },
  runHref = (runId) => `/flow-runs/${runId}`,
}: {
  id: string;
  live: boolean;
  actions?: { stop: typeof stopRun; repeat: typeof repeatRun };
  runHref?: (runId: string) => string;
}) {
  const stop = useAction();
  const repeat = useAction();
  const router = useRouter();
  return (
    <div role="group" aria-label="Run actions" className="flex gap-2">
      {live && (
        <Button
          variant="danger"
          pending={stop.pending}
          onClick={() =>
            stop.run(() => actions.stop(id), {
              success: (d) => `Run ${d.state === "stopped" ? "stopped" : "is stopping"}`,
            })
          }
        >
          Stop
        </Button>
      )}
      <Button
        pending={repeat.pending}
        onClick={() =>
          repeat.run(() => actions.repeat(id), {
            refresh: false,
            success: "New run started",
            onOk: (d) => router.push(runHref(d.id)),
          })
        }
      >
        Repeat
      </Button>
    </div>
  );
}

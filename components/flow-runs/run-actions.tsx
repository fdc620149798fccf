"use client";

import { useRouter } from "next/navigation";
import { useActions } from "@/components/actions/actions-provider";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

/** Stop (while queued/running) and Repeat; the customer embed passes its own links. */
export function RunActions({
  id,
  live,
  runHref = (runId) => `/flow-runs/${runId}`,
}: {
  id: string;
  live: boolean;
  runHref?: (runId: string) => string;
}) {
  const { stopRun, repeatRun } = useActions();
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
            stop.run(() => stopRun(id), {
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
          repeat.run(() => repeatRun(id), {
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

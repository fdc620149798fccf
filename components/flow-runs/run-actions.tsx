"use client";

import { useRouter } from "next/navigation";
import { repeatRun, stopRun } from "@/app/(console)/flow-runs/[id]/actions";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

export function RunActions({ id, live }: { id: string; live: boolean }) {
  const stop = useAction();
  const repeat = useAction();
  const router = useRouter();
  return (
    <div role="group" aria-label="Run actions" className="flex gap-2">
      {live && (
        <Button
          variant="danger"
          disabled={stop.pending}
          aria-busy={stop.pending}
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
        disabled={repeat.pending}
        aria-busy={repeat.pending}
        onClick={() =>
          repeat.run(() => repeatRun(id), {
            refresh: false,
            success: "New run started",
            onOk: (d) => router.push(`/flow-runs/${d.id}`),
          })
        }
      >
        Repeat
      </Button>
    </div>
  );
}

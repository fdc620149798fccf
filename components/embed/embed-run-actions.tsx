"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { repeatEmbedRun, stopEmbedRun } from "@/app/embed/actions";

/** Stop (while live) and Repeat on the embedded run page. */
export function EmbedRunActions({
  id,
  live,
  runHrefTemplate,
}: {
  id: string;
  live: boolean;
  runHrefTemplate: string;
}) {
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
            stop.run(() => stopEmbedRun(id), {
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
          repeat.run(() => repeatEmbedRun(id), {
            refresh: false,
            success: "New run started",
            onOk: (d) => router.push(runHrefTemplate.replace("__RUN__", encodeURIComponent(d.id))),
          })
        }
      >
        Repeat
      </Button>
    </div>
  );
}

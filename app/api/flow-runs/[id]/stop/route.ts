import { z } from "zod";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";

export const dynamic = "force-dynamic";

export const POST = route({ params: idParams, body: z.unknown() }, ({ ctx, params }) =>
  stopFlowRun({ ctx, input: params }),
);

import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { getFlowRun } from "@/lib/services/flow-runs/get-flow-run";

export const dynamic = "force-dynamic";

export const GET = route({ params: idParams, cache: true }, ({ ctx, params }) =>
  getFlowRun({ ctx, input: params }),
);

import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { getFlowRunJson } from "@/lib/services/flow-runs/get-flow-run-json";

export const dynamic = "force-dynamic";

export const GET = route({ params: idParams, cache: true }, ({ ctx, params }) =>
  getFlowRunJson({ ctx, input: params }),
);

import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { getFlowRunOutput } from "@/lib/services/flow-runs/get-flow-run-output";

export const dynamic = "force-dynamic";

export const GET = route({ params: idParams }, ({ ctx, params }) => getFlowRunOutput({ ctx, input: params }));

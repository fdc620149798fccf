import { z } from "zod";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/params";
import { updateFlowInstanceToLatest } from "@/lib/services/flow-instances/update-flow-instance-to-latest";

export const dynamic = "force-dynamic";

export const POST = route({ params: idParams, body: z.unknown() }, ({ ctx, params }) =>
  updateFlowInstanceToLatest({ ctx, input: { id: params.id } }),
);

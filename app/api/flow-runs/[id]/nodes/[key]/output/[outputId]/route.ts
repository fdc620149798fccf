import { z } from "zod";
import { route } from "@/lib/server/route";
import { getNodeOutput } from "@/lib/services/flow-runs/get-node-output";

export const dynamic = "force-dynamic";

const params = z.object({
  id: z.string().min(1).max(100),
  key: z.string().min(1).max(200),
  outputId: z.string().min(1).max(100),
});

export const GET = route({ params }, ({ ctx, params }) =>
  getNodeOutput({ ctx, input: { id: params.id, nodeKey: params.key, outputId: params.outputId } }),
);

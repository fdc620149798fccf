import { z } from "zod";
import { route } from "@/lib/server/route";
import { resetFlow } from "@/lib/services/flows/reset-flow";

export const dynamic = "force-dynamic";

const params = z.object({ sel: z.string().min(1).max(200), f: z.string().min(1).max(200) });

export const POST = route({ params, body: z.unknown() }, ({ ctx, params }) =>
  resetFlow({ ctx, input: { id: params.f, integrationId: params.sel } }),
);

import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { getFlow } from "@/lib/services/flows/get-flow";
import { archiveFlow } from "@/lib/services/flows/archive-flow";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { patchFlowBody } from "@/lib/services/flows/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ params: selParams, cache: true }, ({ ctx, params }) =>
  getFlow({ ctx, input: { selector: params.sel } }),
);
const update = route({ params: selParams, body: patchFlowBody }, ({ ctx, params, body }) =>
  patchFlow({ ctx, input: { selector: params.sel, body } }),
);
export const PATCH = update;
export const PUT = update;
export const DELETE = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveFlow({ ctx, input: { selector: params.sel } }),
);

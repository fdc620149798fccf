import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { getIntegration } from "@/lib/services/integrations/get-integration";
import { archiveIntegration } from "@/lib/services/integrations/archive-integration";
import { patchIntegration } from "@/lib/services/integrations/patch-integration";
import { patchIntegrationBody } from "@/lib/services/integrations/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ params: selParams, cache: true }, ({ ctx, params }) =>
  getIntegration({ ctx, input: { selector: params.sel } }),
);
const update = route({ params: selParams, body: patchIntegrationBody }, ({ ctx, params, body }) =>
  patchIntegration({ ctx, input: { selector: params.sel, body } }),
);
export const PATCH = update;
export const PUT = update;
export const DELETE = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveIntegration({ ctx, input: { selector: params.sel } }),
);

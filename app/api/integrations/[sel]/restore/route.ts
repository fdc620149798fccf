import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { archiveIntegration } from "@/lib/services/integrations/archive-integration";

export const dynamic = "force-dynamic";

export const POST = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveIntegration({ ctx, input: { selector: params.sel, restore: true } }),
);

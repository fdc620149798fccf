import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { archiveFlow } from "@/lib/services/flows/archive-flow";

export const dynamic = "force-dynamic";

export const POST = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveFlow({ ctx, input: { selector: params.sel, restore: true } }),
);

import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";

export const dynamic = "force-dynamic";

export const POST = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveCustomer({ ctx, input: { selector: params.sel, restore: true } }),
);

import { z } from "zod";
import { route } from "@/lib/server/route";
import { selParams } from "@/lib/server/params";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { patchCustomerBody } from "@/lib/services/customers/schemas";
import { patchCustomer } from "@/lib/services/customers/patch-customer";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";

export const dynamic = "force-dynamic";

export const GET = route({ params: selParams }, ({ ctx, params }) =>
  getCustomer({ ctx, input: { selector: params.sel } }),
);
const update = route({ params: selParams, body: patchCustomerBody }, ({ ctx, params, body }) =>
  patchCustomer({ ctx, input: { selector: params.sel, body } }),
);
export const PATCH = update;
export const PUT = update;
export const DELETE = route({ params: selParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveCustomer({ ctx, input: { selector: params.sel } }),
);

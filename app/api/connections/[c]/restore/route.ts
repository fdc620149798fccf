import { z } from "zod";
import { route } from "@/lib/server/route";
import { connParams } from "@/lib/server/params";
import { archiveConnection } from "@/lib/services/connections/archive-connection";

export const dynamic = "force-dynamic";

export const POST = route({ params: connParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveConnection({ ctx, input: { selector: params.c, restore: true } }),
);

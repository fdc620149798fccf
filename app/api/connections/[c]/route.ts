import { z } from "zod";
import { route } from "@/lib/server/route";
import { connParams, includeSecretsQuery } from "@/lib/server/params";
import { getConnection } from "@/lib/services/connections/get-connection";
import { archiveConnection } from "@/lib/services/connections/archive-connection";
import { patchConnection } from "@/lib/services/connections/patch-connection";
import { patchConnectionBody } from "@/lib/services/connections/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ params: connParams, query: includeSecretsQuery }, ({ ctx, params, query }) =>
  getConnection({ ctx, input: { selector: params.c, includeSecrets: query.includeSecrets } }),
);
const update = route({ params: connParams, body: patchConnectionBody }, ({ ctx, params, body }) =>
  patchConnection({ ctx, input: { selector: params.c, body } }),
);
export const PATCH = update;
export const PUT = update;
export const DELETE = route({ params: connParams, body: z.unknown() }, ({ ctx, params }) =>
  archiveConnection({ ctx, input: { selector: params.c } }),
);

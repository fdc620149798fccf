import { route } from "@/lib/server/route";
import { listConnections } from "@/lib/services/connections/list-connections";
import { listConnectionsQuery } from "@/lib/services/connections/schemas";
import { createConnection } from "@/lib/services/connections/create-connection";
import { createConnectionBody } from "@/lib/services/connections/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ query: listConnectionsQuery }, ({ ctx, query }) =>
  listConnections({ ctx, input: query }),
);
export const POST = route({ body: createConnectionBody, status: 201 }, ({ ctx, body }) =>
  createConnection({ ctx, input: body }),
);

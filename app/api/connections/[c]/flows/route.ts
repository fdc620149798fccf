import { route } from "@/lib/server/route";
import { connParams } from "@/lib/server/params";
import { listFlowInstancesJson } from "@/lib/services/flow-instances/list-flow-instances-json";
import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { fetchConnection } from "@/lib/services/connections/shared";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: connParams, query: listFlowInstancesQuery, cache: true },
  async ({ ctx, params, query }) => {
    const connection = await fetchConnection(ctx, params.c);
    return listFlowInstancesJson({ ctx, input: { ...query, connectionId: connection.id } });
  },
);

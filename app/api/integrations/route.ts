import { route } from "@/lib/server/route";
import { listIntegrations } from "@/lib/services/integrations/list-integrations";
import { listIntegrationsQuery } from "@/lib/services/integrations/schemas";
import { createIntegration } from "@/lib/services/integrations/create-integration";
import { createIntegrationBody } from "@/lib/services/integrations/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ query: listIntegrationsQuery, cache: true }, ({ ctx, query }) =>
  listIntegrations({ ctx, input: query }),
);
export const POST = route({ body: createIntegrationBody, status: 201 }, ({ ctx, body }) =>
  createIntegration({ ctx, input: body }),
);

import { route } from "@/lib/server/route";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ query: listAuditEventsQuery }, ({ ctx, query }) =>
  listAuditEvents({ ctx, input: query }),
);

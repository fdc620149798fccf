import { route } from "@/lib/server/route";
import { listAuditEvents, listAuditEventsQuery } from "@/lib/services/audit/list-audit-events";

export const dynamic = "force-dynamic";

export const GET = route({ query: listAuditEventsQuery }, ({ ctx, query }) =>
  listAuditEvents({ ctx, input: query }),
);

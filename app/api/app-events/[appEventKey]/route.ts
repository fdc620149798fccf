import { z } from "zod";
import { route } from "@/lib/server/route";
import { receiveAppEvent } from "@/lib/services/app-events/receive-app-event";
import { appEventKeySchema } from "@/lib/services/app-events/schemas";

export const dynamic = "force-dynamic";

const params = z.object({ appEventKey: appEventKeySchema });
const query = z.object({
  customerId: z.string().max(200).optional(),
  userId: z.string().max(200).optional(),
});

export const POST = route({ params, query, body: z.unknown(), status: 202 }, ({ ctx, params, query, body }) =>
  receiveAppEvent({
    ctx,
    input: {
      appEventKey: params.appEventKey,
      payload: body ?? {},
      customerId: query.customerId ?? query.userId,
    },
  }),
);

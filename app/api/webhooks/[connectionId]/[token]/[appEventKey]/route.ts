import { z } from "zod";
import { route } from "@/lib/server/route";
import { checkWebhookToken } from "@/lib/auth/webhook-token";
import { receiveAppEvent } from "@/lib/services/app-events/receive-app-event";
import { appEventKeySchema } from "@/lib/services/app-events/schemas";

export const dynamic = "force-dynamic";

const params = z.object({
  connectionId: z.string().min(1).max(100),
  token: z.string().min(1).max(100),
  appEventKey: appEventKeySchema,
});

// Per-connection webhook URL (the connection API's `webhookUri`, see lib/auth/webhook-token.ts).
export const POST = route(
  { auth: "none", params, body: z.unknown(), status: 202 },
  ({ ctx, params, body }) => {
    checkWebhookToken(params.connectionId, params.token);
    return receiveAppEvent({
      ctx,
      input: { appEventKey: params.appEventKey, payload: body ?? {}, connectionId: params.connectionId },
    });
  },
);

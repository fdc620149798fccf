import crypto from "node:crypto";
import { NotFoundError } from "../core/errors";
import { appUrl, getEnv } from "../env";

// A connection's app-event webhook: POST {webhookUri}/{appEventKey} (app/api/webhooks/…). The token is an
// HMAC of the connection id under WORKSPACE_SECRET, so the URL itself is the credential.
function webhookToken(connectionId: string): string {
  return crypto
    .createHmac("sha256", getEnv().WORKSPACE_SECRET)
    .update("webhook:" + connectionId)
    .digest("base64url")
    .slice(0, 32);
}

/** The URL an external app posts the connection's app events to (append `/{appEventKey}`). */
export function webhookUri(connectionId: string): string {
  return `${appUrl()}/api/webhooks/${connectionId}/${webhookToken(connectionId)}`;
}

export function checkWebhookToken(connectionId: string, token: string): void {
  const expected = Buffer.from(webhookToken(connectionId));
  const got = Buffer.from(token);
  if (expected.length !== got.length || !crypto.timingSafeEqual(expected, got))
    throw new NotFoundError("Webhook");
}

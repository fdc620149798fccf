import { and, eq, isNull } from "drizzle-orm";
import { connections, integrations, type ConnectionRow } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, NotFoundError } from "../../core/errors";
import { decryptJson } from "../../auth/crypto";
import { webhookUri } from "../../auth/webhook-token";
import { isId } from "../../core/ids";

export function connectionToApi(c: ConnectionRow, opts: { includeSecrets?: boolean } = {}) {
  return {
    id: c.id,
    name: c.name,
    userId: c.customerId,
    customerId: c.customerId,
    integrationId: c.integrationId,
    disconnected: c.disconnected,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    archivedAt: c.archivedAt ?? undefined,
    /** POST `{webhookUri}/{appEventKey}` delivers an app event for this connection (no token needed). */
    webhookUri: webhookUri(c.id),
    ...(opts.includeSecrets ? { credentials: decryptJson(c.credentials) } : {}),
  };
}
export type ConnectionApi = ReturnType<typeof connectionToApi>;

/**
 * `selector` is a connection id, or an integration key/id meaning "the caller's connection to it"
 * (only unambiguous for a customer token).
 */
export async function fetchConnection(ctx: Ctx, selector: string): Promise<ConnectionRow> {
  const tenant =
    ctx.principal.kind === "customer" ? eq(connections.customerId, ctx.principal.customerId) : undefined;
  if (isId(selector)) {
    const [row] = await ctx.db
      .select()
      .from(connections)
      .where(and(eq(connections.id, selector), tenant))
      .limit(1);
    if (row) return row;
  }
  const [integration] = await ctx.db
    .select({ id: integrations.id })
    .from(integrations)
    .where(isId(selector) ? eq(integrations.id, selector) : eq(integrations.key, selector))
    .limit(1);
  if (!integration) throw new NotFoundError("Connection");
  if (!tenant)
    throw new BadRequestError("connection: use a connection id (an integration key needs a customer token)");
  const [row] = await ctx.db
    .select()
    .from(connections)
    .where(and(eq(connections.integrationId, integration.id), tenant, isNull(connections.archivedAt)))
    .orderBy(connections.id)
    .limit(1);
  if (!row) throw new NotFoundError("Connection");
  return row;
}

import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
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

// The rules that turn a connection selector into a connection, as SQL builders: `fetchConnection` (precise
// errors) and the flow-instance GET's one-query path (connectionIdOf in a subquery) share them.

/** Where: the connection with this id (the customer's, when a customer is given). */
export const connectionById = (id: string, customerId?: string): SQL =>
  and(eq(connections.id, id), customerId === undefined ? undefined : eq(connections.customerId, customerId))!;

/** Where: the integration a key or an id names. */
export const integrationBySelector = (keyOrId: string): SQL =>
  isId(keyOrId) ? eq(integrations.id, keyOrId) : eq(integrations.key, keyOrId);

/** Subquery: the id of the integration a key or an id names. */
const integrationIdOf = (keyOrId: string): SQL =>
  sql`(SELECT ${integrations.id} FROM ${integrations} WHERE ${integrationBySelector(keyOrId)} LIMIT 1)`;

/** Subquery: the id of the customer's first live (not archived) connection to an integration. */
export const firstLiveConnection = (integration: string | SQL, customerId: string): SQL =>
  sql`(SELECT ${connections.id} FROM ${connections} WHERE ${and(
    eq(connections.integrationId, integration),
    eq(connections.customerId, customerId),
    isNull(connections.archivedAt),
  )} ORDER BY ${connections.id} LIMIT 1)`;

/**
 * Subquery: the id of the connection `selector` names: a connection id (the customer's), else, for a
 * customer, their first live connection to the integration it names (key or id). Undefined when nothing
 * can match: an admin naming an integration (`fetchConnection` says why).
 */
export function connectionIdOf(selector: string, customerId?: string): SQL | undefined {
  const byId = isId(selector)
    ? sql`(SELECT ${connections.id} FROM ${connections} WHERE ${connectionById(selector, customerId)})`
    : undefined;
  const byIntegration =
    customerId === undefined ? undefined : firstLiveConnection(integrationIdOf(selector), customerId);
  return byId && byIntegration ? sql`coalesce(${byId}, ${byIntegration})` : (byId ?? byIntegration);
}

/**
 * `selector` is a connection id, or an integration key/id meaning "the caller's connection to it"
 * (only unambiguous for a customer token).
 */
export async function fetchConnection(ctx: Ctx, selector: string): Promise<ConnectionRow> {
  const customerId = ctx.principal.kind === "customer" ? ctx.principal.customerId : undefined;
  const id = connectionIdOf(selector, customerId);
  if (id) {
    const [row] = await ctx.db.select().from(connections).where(eq(connections.id, id)).limit(1);
    if (row) return row;
  }
  if (customerId === undefined) {
    const [integration] = await ctx.db
      .select({ id: integrations.id })
      .from(integrations)
      .where(integrationBySelector(selector))
      .limit(1);
    if (integration)
      throw new BadRequestError(
        "connection: use a connection id (an integration key needs a customer token)",
      );
  }
  throw new NotFoundError("Connection");
}

import { eq, or } from "drizzle-orm";
import { integrations, type IntegrationRow } from "../../db/schema";
import type { Ctx } from "../context";
import { NotFoundError } from "../../core/errors";

export const integrationToApi = (i: IntegrationRow) => ({
  id: i.id,
  key: i.key,
  name: i.name,
  baseUri: i.baseUri,
  logoUri: i.logoUri ?? undefined,
  auth: { type: (i.auth as { type?: string }).type },
  dataCollections: i.dataCollections,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
  archivedAt: i.archivedAt ?? undefined,
});
export type IntegrationApi = ReturnType<typeof integrationToApi>;

export async function fetchIntegration(ctx: Ctx, selector: string): Promise<IntegrationRow> {
  const [row] = await ctx.db
    .select()
    .from(integrations)
    .where(or(eq(integrations.id, selector), eq(integrations.key, selector)))
    .limit(1);
  if (!row) throw new NotFoundError("Integration");
  return row;
}

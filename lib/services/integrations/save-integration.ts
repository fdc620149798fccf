import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { integrations } from "../../db/schema";
import type { Ctx } from "../context";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { ConflictError } from "../../core/errors";
import { newId } from "../../core/ids";
import { fetchIntegration, integrationToApi } from "./shared";

const authSchema = z
  .object({
    type: z.enum(["none", "api-key", "bearer", "basic", "oauth2-client-credentials"]),
    header: z.string().optional(),
    tokenUri: z.string().optional(),
  })
  .passthrough();

export const createIntegrationBody = z.object({
  key: z.string().regex(/^[a-zA-Z0-9_-]{1,100}$/, "letters, digits, - and _ only"),
  name: z.string().min(1).max(200),
  baseUri: z.string().max(2000).default(""),
  logoUri: z.string().max(2000).optional(),
  auth: authSchema.default({ type: "none" }),
  dataCollections: z.record(z.string(), z.unknown()).default({}),
});
export const patchIntegrationBody = createIntegrationBody.partial();

async function createIntegrationUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.infer<typeof createIntegrationBody>;
}) {
  requireAdmin(ctx, "Creating integrations");
  const [row] = await ctx.db
    .insert(integrations)
    .values({ id: newId(), ...input })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError(`Integration with key "${input.key}" already exists`, "already_exists");
  return integrationToApi(row);
}

async function patchIntegrationUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; body: z.infer<typeof patchIntegrationBody> };
}) {
  requireAdmin(ctx, "Changing integrations");
  const row = await fetchIntegration(ctx, input.selector);
  const [updated] = await ctx.db
    .update(integrations)
    .set({ ...input.body, updatedAt: sql`now()` })
    .where(eq(integrations.id, row.id))
    .returning();
  return integrationToApi(updated);
}

async function archiveIntegrationUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; restore?: boolean };
}) {
  requireAdmin(ctx, "Archiving integrations");
  const row = await fetchIntegration(ctx, input.selector);
  const [updated] = await ctx.db
    .update(integrations)
    .set({ archivedAt: input.restore ? null : sql`now()` })
    .where(eq(integrations.id, row.id))
    .returning();
  return integrationToApi(updated);
}

// Every change is recorded in the audit log in the same transaction.
export const createIntegration = auditedElement("integration", "create", createIntegrationUnaudited);
export const patchIntegration = auditedElement("integration", "patch", patchIntegrationUnaudited);
export const archiveIntegration = auditedElement("integration", "archive", archiveIntegrationUnaudited);

import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { connections } from "../../db/schema";
import type { Ctx } from "../context";
import { auditedElement } from "../audit/audited";
import { BadRequestError } from "../../core/errors";
import { newId } from "../../core/ids";
import { encryptJson } from "../../auth/crypto";
import { fetchIntegration } from "../integrations/shared";
import { fetchCustomer } from "../customers/shared";
import { connectionToApi, fetchConnection } from "./shared";

export const createConnectionBody = z.object({
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(100).optional(),
  name: z.string().min(1).max(200).optional(),
  userId: z.string().max(200).optional(),
  customerId: z.string().max(200).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
});
export const patchConnectionBody = z.object({
  name: z.string().min(1).max(200).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
  disconnected: z.boolean().optional(),
});

async function createConnectionUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.infer<typeof createConnectionBody>;
}) {
  const integrationSel = input.integrationId ?? input.integrationKey;
  if (!integrationSel) throw new BadRequestError("integrationId: required (or integrationKey)");
  const integration = await fetchIntegration(ctx, integrationSel);
  let customerId: string;
  if (ctx.principal.kind === "customer") customerId = ctx.principal.customerId;
  else {
    const sel = input.userId ?? input.customerId;
    if (!sel) throw new BadRequestError("userId: required with an admin token");
    customerId = (await fetchCustomer(ctx, sel)).id;
  }
  const [row] = await ctx.db
    .insert(connections)
    .values({
      id: newId(),
      name: input.name ?? integration.name,
      customerId,
      integrationId: integration.id,
      credentials: input.credentials ? encryptJson(input.credentials) : null,
    })
    .returning();
  return connectionToApi(row);
}

async function patchConnectionUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; body: z.infer<typeof patchConnectionBody> };
}) {
  const row = await fetchConnection(ctx, input.selector);
  const { credentials, ...rest } = input.body;
  const [updated] = await ctx.db
    .update(connections)
    .set({
      ...rest,
      ...(credentials ? { credentials: encryptJson(credentials) } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(connections.id, row.id))
    .returning();
  return connectionToApi(updated);
}

async function archiveConnectionUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; restore?: boolean };
}) {
  const row = await fetchConnection(ctx, input.selector);
  const [updated] = await ctx.db
    .update(connections)
    .set({ archivedAt: input.restore ? null : sql`now()`, updatedAt: sql`now()` })
    .where(eq(connections.id, row.id))
    .returning();
  return connectionToApi(updated);
}

// Every change is recorded in the audit log in the same transaction.
export const createConnection = auditedElement("connection", "create", createConnectionUnaudited);
export const patchConnection = auditedElement("connection", "patch", patchConnectionUnaudited);
export const archiveConnection = auditedElement("connection", "archive", archiveConnectionUnaudited);

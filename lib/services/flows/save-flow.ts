import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { flows } from "../../db/schema";
import type { Ctx } from "../context";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { BadRequestError, ConflictError } from "../../core/errors";
import { newId } from "../../core/ids";
import type { FlowNodes } from "../../core/flow";
import { fetchIntegration } from "../integrations/shared";
import { assertValidGraph, fetchFlow, flowToApi } from "./shared";
import { flowNodesSchema, normalizeNodes } from "../../core/flow-node";
import { compileParametersSchema } from "../flow-instances/parameters";

const flowKey = z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "letters, digits, - and _ only");
const flowFields = {
  name: z.string().min(1).max(500),
  description: z.string().max(5000).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(100).optional(),
  parametersSchema: z.record(z.string(), z.unknown()).optional(),
};

// `key` and `name` are optional in the SDK's CreateFlowRequest: a missing key is made from the name, a
// missing name is the key; one of them is required.
export const createFlowFields = z.object({
  key: flowKey.optional(),
  ...flowFields,
  name: flowFields.name.optional(),
  nodes: flowNodesSchema.optional(),
});
/** The create body rule on top of its fields (also for bodies built from `createFlowFields`). */
export const requireKeyOrName = <T extends z.ZodType<{ key?: string; name?: string }>>(schema: T) =>
  schema.refine((b) => b.key !== undefined || b.name !== undefined, {
    message: "key or name is required",
    path: ["name"],
  });
export const createFlowBody = requireKeyOrName(createFlowFields);

// PATCH and PUT (the SDK's UpdateFlowRequest is all-optional for both) change only the fields they carry:
// no default here, so a body without `nodes` leaves the flow's nodes alone.
export const patchFlowBody = z.object({ key: flowKey, ...flowFields, nodes: flowNodesSchema }).partial();

async function checkBody(ctx: Ctx, body: z.infer<typeof patchFlowBody>) {
  if (body.nodes) assertValidGraph(body.nodes as FlowNodes);
  if (body.parametersSchema) compileParametersSchema(body.parametersSchema);
  const integrationSel = body.integrationId ?? body.integrationKey;
  return integrationSel ? (await fetchIntegration(ctx, integrationSel)).id : undefined;
}

/** A key made from a name: lower-case letters, digits and dashes (`"Sync new contacts"` → `sync-new-contacts`). */
export function keyFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 180);
  return slug || "flow";
}

async function createFlowUnaudited({ ctx, input }: { ctx: Ctx; input: z.infer<typeof createFlowBody> }) {
  requireAdmin(ctx, "Creating flows");
  const integrationId = await checkBody(ctx, input);
  const name = input.name ?? input.key!;
  const insert = (key: string) =>
    ctx.db
      .insert(flows)
      .values({
        id: newId(),
        key,
        name,
        description: input.description,
        integrationId,
        parametersSchema: input.parametersSchema,
        nodes: normalizeNodes(input.nodes ?? {}),
        revision: newId(),
      })
      .onConflictDoNothing()
      .returning();
  if (input.key !== undefined) {
    const [row] = await insert(input.key);
    if (!row) throw new ConflictError(`Flow with key "${input.key}" already exists`, "already_exists");
    return flowToApi(row);
  }
  // A generated key takes a numeric suffix when the name's key is taken.
  const base = keyFromName(name);
  for (let n = 1; n < 100; n++) {
    const [row] = await insert(n === 1 ? base : `${base}-${n}`);
    if (row) return flowToApi(row);
  }
  const [row] = await insert(`${base}-${newId().slice(-8)}`);
  if (!row) throw new ConflictError(`Could not generate a unique key for "${name}"`, "already_exists");
  return flowToApi(row);
}

async function patchFlowUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; body: z.infer<typeof patchFlowBody> };
}) {
  requireAdmin(ctx, "Changing flows");
  const row = await fetchFlow(ctx, input.selector);
  if (row.archivedAt) throw new BadRequestError("Flow is archived: restore it first");
  const integrationId = await checkBody(ctx, input.body);
  const { integrationKey: _ignored, ...body } = input.body;
  void _ignored;
  if (body.nodes) body.nodes = normalizeNodes(body.nodes);
  const [updated] = await ctx.db
    .update(flows)
    .set({ ...body, ...(integrationId ? { integrationId } : {}), revision: newId(), updatedAt: sql`now()` })
    .where(eq(flows.id, row.id))
    .returning();
  return flowToApi(updated);
}

async function archiveFlowUnaudited({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; restore?: boolean };
}) {
  requireAdmin(ctx, "Archiving flows");
  const row = await fetchFlow(ctx, input.selector);
  const [updated] = await ctx.db
    .update(flows)
    .set({ archivedAt: input.restore ? null : sql`now()`, updatedAt: sql`now()` })
    .where(eq(flows.id, row.id))
    .returning();
  return flowToApi(updated);
}

// Every change is recorded in the audit log in the same transaction.
export const createFlow = auditedElement("flow", "create", createFlowUnaudited);
export const patchFlow = auditedElement("flow", "patch", patchFlowUnaudited);
export const archiveFlow = auditedElement("flow", "archive", archiveFlowUnaudited);

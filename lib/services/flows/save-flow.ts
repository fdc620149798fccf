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
import { assertValidGraph, fetchFlow, flowNodesSchema, flowToApi } from "./shared";
import { compileParametersSchema } from "../flow-instances/parameters";

export const createFlowBody = z.object({
  key: z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "letters, digits, - and _ only"),
  name: z.string().min(1).max(500),
  description: z.string().max(5000).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(100).optional(),
  parametersSchema: z.record(z.string(), z.unknown()).optional(),
  nodes: flowNodesSchema.default({}),
});
export const patchFlowBody = createFlowBody.partial();

async function checkBody(ctx: Ctx, body: z.infer<typeof patchFlowBody>) {
  if (body.nodes) assertValidGraph(body.nodes as FlowNodes);
  if (body.parametersSchema) compileParametersSchema(body.parametersSchema);
  const integrationSel = body.integrationId ?? body.integrationKey;
  return integrationSel ? (await fetchIntegration(ctx, integrationSel)).id : undefined;
}

async function createFlowUnaudited({ ctx, input }: { ctx: Ctx; input: z.infer<typeof createFlowBody> }) {
  requireAdmin(ctx, "Creating flows");
  const integrationId = await checkBody(ctx, input);
  const [row] = await ctx.db
    .insert(flows)
    .values({
      id: newId(),
      key: input.key,
      name: input.name,
      description: input.description,
      integrationId,
      parametersSchema: input.parametersSchema,
      nodes: input.nodes,
      revision: newId(),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError(`Flow with key "${input.key}" already exists`, "already_exists");
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

import { eq, sql } from "drizzle-orm";
import { auditEvents, flows, integrations, type FlowRow } from "../../db/schema";
import type { Ctx } from "../context";
import { auditRow } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import { BadRequestError, ConflictError } from "../../core/errors";
import { newId } from "../../core/ids";
import { stableStringify } from "../../core/flow";
import { defineVerb } from "../shared/define-verb";
import { fetchFlowBySelector } from "./integration-flows";
import { flowToApi } from "./shared";
import { applyFlowInput } from "./schemas";

// The legacy SDK's `flow(x).apply(integrationKeys)` (`POST /flows/:sel/apply`, `POST /flow/apply?<selector>`):
// Membrane applies a universal flow (one without an integration) to integrations by creating or updating an
// integration-specific copy of it for each. Flowdeck flow keys are unique across integrations, so a copy is the
// flow of key `<flow key>-<integration key>` on that integration; applying again brings the copy back to the
// universal flow's definition (and restores it if archived). Answers the copies, in the order asked.

/** The fields a copy takes from its universal flow (what "apply again" compares and rewrites). */
const definitionOf = (f: FlowRow) => ({
  name: f.name,
  description: f.description,
  parametersSchema: f.parametersSchema,
  nodes: f.nodes,
});

export const applyFlow = defineVerb(applyFlowInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "Applying flows");
  const { integrationKeys } = input.body;
  return ctx.db.transaction(async (db) => {
    const tx: Ctx = { ...ctx, db };
    const flow = await fetchFlowBySelector(tx, input.selector);
    if (flow.archivedAt) throw new BadRequestError("Flow is archived: restore it first");
    if (flow.integrationId)
      throw new BadRequestError(
        "flow: only a universal flow (one without integrationId) can be applied to integrations",
      );
    const definition = definitionOf(flow);
    const copies: FlowRow[] = [];
    const audits: ReturnType<typeof auditRow>[] = [];
    const seen = new Set<string>();
    for (const [i, integrationKey] of integrationKeys.entries()) {
      if (seen.has(integrationKey)) continue;
      seen.add(integrationKey);
      const [integration] = await db
        .select({ id: integrations.id, key: integrations.key })
        .from(integrations)
        .where(eq(integrations.key, integrationKey))
        .limit(1);
      if (!integration) throw new BadRequestError(`integrationKeys.${i}: no integration "${integrationKey}"`);
      const key = `${flow.key}-${integration.key}`;
      if (key.length > 200)
        throw new BadRequestError(
          `integrationKeys.${i}: the copy's key "${key}" is longer than 200 characters`,
        );
      const [existing] = await db.select().from(flows).where(eq(flows.key, key)).for("update").limit(1);
      if (existing && existing.integrationId !== integration.id)
        throw new ConflictError(
          `integrationKeys.${i}: flow key "${key}" is taken by a flow that is not this flow's copy for "${integration.key}"`,
          "already_exists",
        );
      const target = { type: "flow", id: "", customerId: null };
      if (!existing) {
        const [created] = await db
          .insert(flows)
          .values({ id: newId(), key, integrationId: integration.id, revision: newId(), ...definition })
          .returning();
        copies.push(created);
        audits.push(
          auditRow(ctx, "create", { ...target, id: created.id }, { created: { key }, appliedFrom: flow.id }),
        );
        continue;
      }
      if (stableStringify(definitionOf(existing)) === stableStringify(definition) && !existing.archivedAt) {
        copies.push(existing);
        continue;
      }
      const [updated] = await db
        .update(flows)
        .set({ ...definition, archivedAt: null, revision: newId(), updatedAt: sql`now()` })
        .where(eq(flows.id, existing.id))
        .returning();
      copies.push(updated);
      audits.push(
        auditRow(ctx, "patch", { ...target, id: updated.id }, { changes: definition, appliedFrom: flow.id }),
      );
    }
    if (audits.length) await db.insert(auditEvents).values(audits);
    return copies.map((c) => flowToApi(c));
  });
});

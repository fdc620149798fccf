import { flows } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import { requireAdmin } from "../shared/access";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { ConflictError } from "../../core/errors";
import { newId } from "../../core/ids";
import { flowToApi } from "./shared";
import { normalizeNodes } from "../../core/flow-node";
import { checkFlowBody } from "./flow-body";
import { createFlowBody } from "./schemas";

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

// Recorded in the audit log in the same transaction.
export const createFlow = defineVerb(
  createFlowBody,
  auditedElement("flow", "create", async ({ ctx, input }: VerbArgs<z.output<typeof createFlowBody>>) => {
    requireAdmin(ctx, "Creating flows");
    const integrationId = await checkFlowBody(ctx, input);
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
  }),
);

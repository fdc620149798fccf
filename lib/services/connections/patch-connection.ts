import { eq, sql } from "drizzle-orm";
import { connections } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { encryptJson } from "../../auth/crypto";
import { connectionToApi, fetchConnection } from "./shared";
import { patchConnectionInput } from "./schemas";

// Recorded in the audit log in the same transaction.
export const patchConnection = defineVerb(
  patchConnectionInput,
  auditedElement(
    "connection",
    "patch",
    async ({ ctx, input }: VerbArgs<z.output<typeof patchConnectionInput>>) => {
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
    },
  ),
);

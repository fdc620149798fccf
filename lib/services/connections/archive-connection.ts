import { eq, sql } from "drizzle-orm";
import { connections } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { connectionToApi, fetchConnection } from "./shared";
import { archiveConnectionInput } from "./schemas";

/** Archives (or, with `restore`, restores) a connection; recorded in the audit log in the same transaction. */
export const archiveConnection = defineVerb(
  archiveConnectionInput,
  auditedElement(
    "connection",
    "archive",
    async ({ ctx, input }: VerbArgs<z.output<typeof archiveConnectionInput>>) => {
      const row = await fetchConnection(ctx, input.selector);
      const [updated] = await ctx.db
        .update(connections)
        .set({ archivedAt: input.restore ? null : sql`now()`, updatedAt: sql`now()` })
        .where(eq(connections.id, row.id))
        .returning();
      return connectionToApi(updated);
    },
  ),
);

import { sql } from "drizzle-orm";
import { customers, type CustomerRow } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import { newId } from "../../core/ids";

/** Customers are created on first use of their token; name/fields in the token refresh them. */
export async function upsertCustomer(
  db: DbOrTx,
  input: { internalId: string; name?: string; fields?: Record<string, unknown> },
): Promise<CustomerRow> {
  const [row] = await db
    .insert(customers)
    .values({
      id: newId(),
      internalId: input.internalId,
      name: input.name ?? input.internalId,
      fields: input.fields ?? {},
    })
    .onConflictDoUpdate({
      target: customers.internalId,
      set: {
        name: input.name ? input.name : sql`${customers.name}`,
        fields: input.fields ? input.fields : sql`${customers.fields}`,
        updatedAt: input.name || input.fields ? sql`now()` : sql`${customers.updatedAt}`,
      },
    })
    .returning();
  return row;
}

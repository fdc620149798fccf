import { eq } from "drizzle-orm";
import { customers, type CustomerRow } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import { stableStringify } from "../../core/flow";
import { upsertCustomer } from "./upsert-customer";

// Every customer-token request needs the customer row; a short-lived cache keeps that off the database
// (and avoids a write per request) while still applying changed name/fields from the token promptly.
const TTL_MS = 30_000;
const cache = new Map<string, { row: CustomerRow; claims: string; at: number }>();

export async function resolveTokenCustomer(
  db: DbOrTx,
  claims: { internalId: string; name?: string; fields?: Record<string, unknown> },
): Promise<CustomerRow> {
  const key = stableStringify({ n: claims.name, f: claims.fields });
  const hit = cache.get(claims.internalId);
  if (hit && hit.claims === key && Date.now() - hit.at < TTL_MS) return hit.row;
  let [row] = await db.select().from(customers).where(eq(customers.internalId, claims.internalId)).limit(1);
  const changed =
    !row ||
    (claims.name !== undefined && claims.name !== row.name) ||
    (claims.fields !== undefined && stableStringify(claims.fields) !== stableStringify(row.fields));
  if (changed) row = await upsertCustomer(db, claims);
  if (cache.size > 10_000) cache.clear();
  cache.set(claims.internalId, { row, claims: key, at: Date.now() });
  return row;
}

import { and, eq, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Ctx } from "../context";
import { AccessDeniedError } from "../../core/errors";

/** Adds the tenant filter for customer principals; admins see everything. */
export function tenantFilter(
  ctx: Ctx,
  customerColumn: PgColumn,
  ...conds: (SQL | undefined)[]
): SQL | undefined {
  const all = [...conds];
  if (ctx.principal.kind === "customer") all.push(eq(customerColumn, ctx.principal.customerId));
  return and(...all);
}

export function requireAdmin(ctx: Ctx, what = "This operation"): void {
  if (ctx.principal.kind !== "admin") throw new AccessDeniedError(`${what} requires an admin token`);
}

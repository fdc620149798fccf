import { cookies } from "next/headers";
import { verifyToken } from "../auth/tokens";
import { NotAuthenticatedError } from "../core/errors";
import { resolveTokenCustomer } from "../services/customers/resolve-token-customer";
import type { Ctx } from "../services/context";
import { boot } from "./boot";
import { EMBED_COOKIE } from "./embed-token";

/**
 * Server components and actions of /embed: the principal of the token the page was opened with (moved into
 * the embed cookie by proxy.ts), checked exactly like the API does. Customer tokens see only their own data;
 * an admin token is accepted too (support staff previewing the customer's page).
 */
export async function embedCtx(): Promise<Ctx> {
  const { db } = await boot();
  const token = (await cookies()).get(EMBED_COOKIE)?.value;
  if (!token) throw new NotAuthenticatedError("Open this page with a token");
  const claims = await verifyToken(token);
  if (claims.kind === "admin") return { principal: { kind: "admin", via: "token" }, db, channel: "embed" };
  const customer = await resolveTokenCustomer(db, claims);
  return {
    principal: {
      kind: "customer",
      customerId: customer.id,
      internalId: customer.internalId,
      name: customer.name,
    },
    db,
    channel: "embed",
  };
}

/** For pages: the ctx, or the reason the token was refused (rendered as a "not authorized" page). */
export async function embedCtxOrReason(): Promise<{ ctx: Ctx } | { reason: string }> {
  try {
    return { ctx: await embedCtx() };
  } catch (err) {
    if (err instanceof NotAuthenticatedError) return { reason: err.message };
    throw err;
  }
}

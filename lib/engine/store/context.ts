import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/types";
import { connections, customers, flowInstances, integrations, type FlowRunRow } from "../../db/schema";
import { decryptJson } from "../../auth/crypto";
import type { ClaimedRun } from "./claims";

// What a run executes against: its instance, connection (credentials decrypted), integration and customer.

export type RunContext = {
  instance: typeof flowInstances.$inferSelect;
  connection: typeof connections.$inferSelect;
  integration: typeof integrations.$inferSelect;
  customer: typeof customers.$inferSelect;
  credentials: Record<string, unknown>;
};

// Decoded contexts by instance id, reused while the claim's stamp (versions of instance, connection,
// integration, customer) is unchanged, for at most CONTEXT_TTL_MS. Saves a 4-table read and a
// credentials decryption per run.
const CONTEXT_TTL_MS = 5_000;
const CONTEXT_MAX = 2_000;
const contexts = new Map<string, { stamp: string; at: number; ctx: RunContext }>();

export async function loadRunContext(db: DbOrTx, run: ClaimedRun): Promise<RunContext> {
  const cached = run.contextStamp ? contexts.get(run.flowInstanceId) : undefined;
  if (cached && cached.stamp === run.contextStamp && Date.now() - cached.at < CONTEXT_TTL_MS)
    return cached.ctx;
  const ctx = await readRunContext(db, run);
  if (run.contextStamp) {
    if (contexts.size >= CONTEXT_MAX) contexts.delete(contexts.keys().next().value!);
    contexts.set(run.flowInstanceId, { stamp: run.contextStamp, at: Date.now(), ctx });
  }
  return ctx;
}

// A named statement per handle (PostgreSQL plans the 4-table join once per connection, not per read).
const contextQueries = new WeakMap<object, ReturnType<typeof prepareContextQuery>>();
function prepareContextQuery(db: DbOrTx) {
  return db
    .select({
      instance: flowInstances,
      connection: connections,
      integration: integrations,
      customer: customers,
    })
    .from(flowInstances)
    .innerJoin(connections, eq(connections.id, flowInstances.connectionId))
    .innerJoin(integrations, eq(integrations.id, flowInstances.integrationId))
    .innerJoin(customers, eq(customers.id, flowInstances.customerId))
    .where(eq(flowInstances.id, sql.placeholder("id")))
    .limit(1)
    .prepare("flowdeck_read_run_context");
}

async function readRunContext(db: DbOrTx, run: FlowRunRow): Promise<RunContext> {
  let query = contextQueries.get(db);
  if (!query) contextQueries.set(db, (query = prepareContextQuery(db)));
  const [row] = await query.execute({ id: run.flowInstanceId });
  if (!row) throw new Error("Flow instance of this run no longer exists");
  let credentials: Record<string, unknown> = {};
  try {
    credentials = (decryptJson(row.connection.credentials) as Record<string, unknown>) ?? {};
  } catch {
    throw new Error("Connection credentials cannot be decrypted (was WORKSPACE_SECRET changed?)");
  }
  return { ...row, credentials };
}

/**
 * Whether this process's WORKSPACE_SECRET opens the stored connection credentials (checked on one connection
 * that has some). A worker started with another secret would fail every run that needs credentials, so
 * `npm run worker` refuses to start instead. True when no connection has credentials yet.
 */
export async function credentialsKeyMatches(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ credentials: connections.credentials })
    .from(connections)
    .where(sql`${connections.credentials} IS NOT NULL`)
    .limit(1);
  if (!row) return true;
  try {
    decryptJson(row.credentials);
    return true;
  } catch {
    return false;
  }
}

import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { openTestDb, type Db } from "@/lib/db/client";
import type { Ctx } from "@/lib/services/context";
import { createIntegration } from "@/lib/services/integrations/save-integration";
import { createFlow } from "@/lib/services/flows/save-flow";
import { upsertCustomer } from "@/lib/services/customers/upsert-customer";
import { createConnection } from "@/lib/services/connections/save-connection";
import type { FlowNodes } from "@/lib/core/flow";

// Tests get their own DATA_DIR (for generated secrets) and their own in-memory database.
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-test-"));

let shared: Promise<{ db: Db; close: () => Promise<void> }> | undefined;

/** One migrated database per test file (PGlite in memory, or PostgreSQL when TEST_DATABASE_URL is set). */
export function testDb() {
  shared ??= openTestDb(process.env.TEST_DATABASE_URL);
  return shared;
}

export const adminCtx = (db: Db): Ctx => ({ principal: { kind: "admin", via: "token" }, db });

export const uid = (p = "") => p + crypto.randomBytes(4).toString("hex");

/** A fresh customer with one connection to a fresh integration, and a flow on it. */
export async function makeTenant(
  db: Db,
  nodes: FlowNodes,
  opts: { parametersSchema?: Record<string, unknown>; baseUri?: string } = {},
) {
  const ctx = adminCtx(db);
  const integration = await createIntegration({
    ctx,
    input: {
      key: uid("int-"),
      name: "Test app",
      baseUri: opts.baseUri ?? "",
      auth: { type: "api-key" },
      dataCollections: {},
    },
  });
  const customer = await upsertCustomer(db, { internalId: uid("cust-"), name: "Customer" });
  const connection = await createConnection({
    ctx,
    input: { integrationId: integration.id, userId: customer.id, credentials: { apiKey: "k" } },
  });
  const flow = await createFlow({
    ctx,
    input: {
      key: uid("flow-"),
      name: "Flow",
      integrationId: integration.id,
      nodes,
      parametersSchema: opts.parametersSchema,
    },
  });
  const customerCtx: Ctx = {
    principal: { kind: "customer", customerId: customer.id, internalId: customer.internalId },
    db,
  };
  return { ctx, customerCtx, integration, customer, connection, flow };
}

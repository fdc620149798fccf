import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { openTestDb, type Db } from "@/lib/db/client";
import type { Ctx } from "@/lib/services/context";
import { createIntegration } from "@/lib/services/integrations/create-integration";
import { createFlow } from "@/lib/services/flows/create-flow";
import { upsertCustomer } from "@/lib/services/customers/upsert-customer";
import { createConnection } from "@/lib/services/connections/create-connection";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import type { FlowNodes } from "@/lib/core/flow";
import { eq } from "drizzle-orm";
import { flowRuns } from "@/lib/db/schema";
import { Worker, type WorkerOptions } from "@/lib/engine/worker";
import { bus } from "@/lib/engine/bus";

// Tests get their own DATA_DIR (for generated secrets) and their own in-memory database.
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-test-"));
// Test peers listen on 127.0.0.1, which HTTP nodes reach when it is allowed (also in spawned workers).
process.env.OUTBOUND_ALLOW_HOSTS ??= "127.0.0.1";

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

/** makeTenant plus the flow instance of its flow and connection (autoCreate). */
export async function makeTenantWithInstance(
  db: Db,
  ...args: Parameters<typeof makeTenant> extends [Db, ...infer R] ? R : never
) {
  const t = await makeTenant(db, ...args);
  const inst = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  return { ...t, inst };
}

/** Node runtime settings for test workers (no app URL, short sandbox limits). */
export const testWorkerEnv = {
  appUrl: "http://127.0.0.1:1",
  workspaceKey: "k",
  workspaceSecret: "s".repeat(32),
  sandboxTimeoutMs: 1000,
  sandboxMemoryMb: 64,
  outboundAllowHosts: ["127.0.0.1"],
};

/** A started in-process worker with test settings (4 at a time, 3 attempts, 50 ms polls; no schedules unless `fireSchedules` is given). */
export function startTestWorker(db: Db, opts: Partial<WorkerOptions> = {}): Worker {
  return new Worker({
    db,
    concurrency: 4,
    maxAttempts: 3,
    retentionDays: 0,
    env: testWorkerEnv,
    pollMs: 50,
    ...opts,
  }).start();
}

/**
 * The run's final state once it has one: woken by the bus's run-finished, and polling too, since runs
 * finished by the sweeper or a fenced-out attempt do not emit it.
 */
export function waitForRunEnd(db: Db, runId: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      bus.off("run-finished", onFinish);
      clearInterval(poll);
      reject(new Error(`run ${runId} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = async () => {
      const [r] = await db.select().from(flowRuns).where(eq(flowRuns.id, runId));
      if (r && ["completed", "failed", "stopped"].includes(r.state)) {
        bus.off("run-finished", onFinish);
        clearInterval(poll);
        clearTimeout(timer);
        resolve(r.state);
      }
    };
    const onFinish = (id: string) => id === runId && void check();
    bus.on("run-finished", onFinish);
    const poll = setInterval(() => void check(), 200);
    void check();
  });
}

import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { integrations } from "../db/schema";
import { systemCtx } from "../services/system/system-ctx";
import { createIntegration } from "../services/integrations/create-integration";
import { createFlow } from "../services/flows/create-flow";
import { upsertCustomer } from "../services/customers/upsert-customer";
import { createConnection } from "../services/connections/create-connection";
import { resolveSelector } from "../services/flow-instances/shared";
import { ensureInstance } from "../services/flow-instances/create-flow-instance";
import { createFlowRun } from "../services/flow-runs/create-flow-run";
import { updateFlowInstance } from "../services/flow-instances/update-flow-instance";

type FlowFile = {
  key: string;
  name: string;
  description?: string;
  integration?: string;
  parametersSchema?: Record<string, unknown>;
  nodes: Record<string, never>;
};
type CustomerFile = {
  internalId: string;
  name: string;
  fields?: Record<string, unknown>;
  connections: { integration: string; name: string; credentials: Record<string, unknown> }[];
};

const dir = () => path.join(process.cwd(), "workspace");
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

/** Loads `workspace/` into an empty database (first start only), with instances and a few runs. */
export async function loadDemoWorkspace(db: Db): Promise<boolean> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(integrations)) as {
    count: number;
  }[];
  if (count > 0) return false;
  const ctx = systemCtx(db);
  for (const i of readJson<Parameters<typeof createIntegration>[0]["input"][]>(
    path.join(dir(), "integrations.json"),
  ))
    await createIntegration({
      ctx,
      input: {
        ...i,
        auth: i.auth ?? { type: "none" },
        dataCollections: i.dataCollections ?? {},
        baseUri: i.baseUri ?? "",
      },
    });
  const flowFiles = fs
    .readdirSync(path.join(dir(), "flows"))
    .filter((f) => f.endsWith(".json"))
    .sort();
  const flows = [];
  for (const f of flowFiles) {
    const flow = readJson<FlowFile>(path.join(dir(), "flows", f));
    flows.push(
      await createFlow({
        ctx,
        input: {
          key: flow.key,
          name: flow.name,
          description: flow.description,
          integrationKey: flow.integration,
          parametersSchema: flow.parametersSchema,
          nodes: flow.nodes,
        },
      }),
    );
  }
  const customers = readJson<CustomerFile[]>(path.join(dir(), "customers.json"));
  for (const [ci, c] of customers.entries()) {
    const customer = await upsertCustomer(db, c);
    for (const conn of c.connections) {
      const connection = await createConnection({
        ctx,
        input: {
          integrationKey: conn.integration,
          name: conn.name,
          userId: customer.id,
          credentials: conn.credentials,
        },
      });
      for (const flow of flows) {
        const r = await resolveSelector(ctx, { flowId: flow.id, connectionId: connection.id });
        const { instance } = await ensureInstance(ctx, r);
        if (flow.key === "sync-new-contacts") {
          await createFlowRun({
            ctx,
            input: {
              flowInstanceId: instance.id,
              input: {
                firstName: "Ada",
                lastName: `Lovelace ${ci + 1}`,
                email: `ada${ci + 1}@${c.internalId}.example`,
              },
            },
          });
        }
        // One customer has customized and one has disabled an instance, so the console shows both states.
        if (ci === 1 && flow.key === "notify-on-won-deal")
          await updateFlowInstance({ ctx, input: { id: instance.id, body: { enabled: false } } });
      }
    }
  }
  console.log(`[flowdeck] loaded demo workspace: ${flows.length} flows, ${customers.length} customers`);
  return true;
}

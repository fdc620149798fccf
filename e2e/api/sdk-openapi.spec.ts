import { expect, test } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { adminToken, api, customerToken, env, sdk } from "../fixtures";

// The served OpenAPI document's response schemas (generated from lib/core/api-shapes.ts) describe what the
// running server answers: real responses, through the route wrapper and its read cache, validate against the
// schema the document gives their operation and status.

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
  components: { schemas: Record<string, unknown> };
};

test("real responses validate against the OpenAPI document's response schemas", async () => {
  const res = await fetch(`${env.appUrl}/api/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "doc", components: doc.components });

  const checked: string[] = [];
  async function check(token: string, template: string, path: string, method = "GET", body?: unknown) {
    const answer = await api(token, method, path, body);
    const responses = doc.paths[template]?.[method.toLowerCase()]?.responses;
    expect(responses, `${method} ${template} is in the document`).toBeTruthy();
    const code = String(answer.status);
    const response = responses![code] ?? responses![`${code[0]}XX`];
    expect(response, `${method} ${path} → ${code} is documented`).toBeTruthy();
    const schema = response!.content!["application/json"].schema as { $ref?: string };
    const validate = ajv.compile(schema.$ref ? { $ref: `doc${schema.$ref}` } : schema);
    expect(validate(answer.body) ? [] : validate.errors, `${method} ${path} → ${code}`).toEqual([]);
    checked.push(`${method} ${template} ${code}`);
    return answer.body;
  }

  const tag = Math.random().toString(36).slice(2, 10);
  const admin = await adminToken();
  const customer = await customerToken(`openapi-${tag}`, `OpenAPI Co ${tag}`);
  const connection = await sdk(customer).connections.create({
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  } as never);
  const instance = await sdk(customer)
    .connection("sandbox-crm")
    .flow("sync-new-contacts")
    .get({ autoCreate: true } as never);
  const run = await sdk(customer)
    .flowInstance(instance.id)
    .run({ input: { firstName: "Ann", email: "ann@openapi.example" } });

  for (const token of [admin, customer]) {
    await check(token, "/flow-instances", `/flow-instances?connectionId=${connection.id}`);
    await check(token, "/flow-instances/{id}", `/flow-instances/${instance.id}`);
    await check(token, "/flow-instance", `/flow-instance?id=${instance.id}`);
    await check(token, "/connections/{c}/flows", `/connections/${connection.id}/flows`);
    await check(token, "/connections/{c}/flows/{f}", `/connections/${connection.id}/flows/sync-new-contacts`);
    await check(token, "/flow-runs", `/flow-runs?flowInstanceId=${instance.id}`);
    await check(token, "/flow-runs/{id}", `/flow-runs/${run.id}`);
    const runs = (await check(
      token,
      "/flow-runs/{id}/nodes/{key}/runs",
      `/flow-runs/${run.id}/nodes/shape/runs`,
    )) as {
      items: { id: string; outputs: { id: string }[] }[];
    };
    await check(
      token,
      "/flow-runs/{id}/nodes/{key}/runs/{runId}",
      `/flow-runs/${run.id}/nodes/shape/runs/${runs.items[0].id}`,
    );
    await check(token, "/flow-runs/{id}/nodes/{key}/outputs", `/flow-runs/${run.id}/nodes/shape/outputs`);
    await check(
      token,
      "/flow-runs/{id}/nodes/{key}/outputs/{outputId}",
      `/flow-runs/${run.id}/nodes/shape/outputs/${runs.items[0].outputs[0].id}`,
    );
    await check(token, "/flow-runs/{id}/output", `/flow-runs/${run.id}/output`);
    await check(token, "/flows", "/flows");
    await check(token, "/flows/{sel}", "/flows/sync-new-contacts");
    await check(token, "/flow", "/flow?key=sync-new-contacts&integrationKey=sandbox-crm");
    await check(token, "/integrations", "/integrations");
    await check(token, "/integrations/{sel}", "/integrations/sandbox-crm");
    await check(token, "/integrations/{sel}/flows", "/integrations/sandbox-crm/flows");
    await check(token, "/connections", "/connections");
    await check(token, "/connections/{c}", `/connections/${connection.id}`);
    await check(token, "/customers/{sel}", `/customers/${connection.userId}`);
    // Errors: the Membrane error body.
    await check(token, "/flow-runs/{id}", "/flow-runs/000000000000000000000000");
    await check(token, "/flow-instances", "/flow-instances?layer=connection");
  }
  await check(admin, "/customers", "/customers");
  await check(admin, "/audit-events", `/audit-events?targetId=${instance.id}`);
  await check(admin, "/connections/{c}", `/connections/${connection.id}?includeSecrets=true`);
  await check(customer, "/audit-events", "/audit-events");
  // Writes.
  await check(customer, "/flow-instances/{id}", `/flow-instances/${instance.id}`, "PATCH", {
    name: `Renamed ${tag}`,
  });
  await check(customer, "/flow-instances/{id}/setup", `/flow-instances/${instance.id}/setup`, "POST");
  await check(customer, "/flow-runs", "/flow-runs", "POST", {
    flowInstanceId: instance.id,
    input: { firstName: "B", email: "b@openapi.example" },
  });
  await check(admin, "/flows/{sel}/apply", "/flows/sync-new-contacts/apply", "POST", {
    integrationKeys: ["sandbox-crm"],
  });
  expect(checked).toContain("GET /flow-runs/{id} 404");
  expect(checked).toContain("GET /audit-events 403");
  expect(checked).toContain("POST /flow-runs 201");
  expect(checked).toContain("POST /flows/{sel}/apply 400");
});

import { expect, test } from "@playwright/test";
import { customerToken, sdk } from "../fixtures";

// A connection's webhookUri: what an external app posts its events to, without a token. The URL itself is
// the credential, so a tampered token or another connection's id answers 404 and starts nothing.

const uniq = () => Math.random().toString(36).slice(2, 10);

test("an app event posted to the connection's webhookUri starts a run of the matching instance", async () => {
  const client = sdk(await customerToken(`webhook-${uniq()}`));
  const connection = (await client.connections.create({
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  } as never)) as unknown as { id: string; webhookUri: string };
  expect(connection.webhookUri).toMatch(new RegExp(`/api/webhooks/${connection.id}/[A-Za-z0-9_-]{32}$`));
  expect(
    ((await client.connection(connection.id).get()) as unknown as { webhookUri: string }).webhookUri,
  ).toBe(connection.webhookUri);
  const instance = await client
    .connection("sandbox-crm")
    .flow("notify-on-won-deal")
    .get({ autoCreate: true } as never);
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  const accepted = await post(`${connection.webhookUri}/deal-updated`, {
    dealId: "w1",
    title: "Big",
    stage: "won",
    amount: 5,
  });
  expect(accepted.status).toBe(202);
  const body = (await accepted.json()) as { runs: { flowInstanceId: string; flowRunId: string }[] };
  expect(body.runs.map((r) => r.flowInstanceId)).toEqual([instance.id]);
  const run = await client.flowRun(body.runs[0].flowRunId).get();
  expect(run.flowInstanceId).toBe(instance.id);

  // A wrong token is a 404 that starts nothing.
  const tampered = connection.webhookUri.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  const refused = await post(`${tampered}/deal-updated`, { dealId: "w3", stage: "won" });
  expect(refused.status).toBe(404);
  const runs = await client.flowRuns.find({ flowInstanceId: instance.id } as never);
  expect(runs.items.map((r) => r.id)).toEqual([body.runs[0].flowRunId]);
});

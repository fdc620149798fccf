import { expect, test } from "@playwright/test";
import { FindFlowInstancesQuery, FindFlowRunsQuery, FindFlowsQuery } from "@membranehq/sdk";
import { adminToken, api, customerToken, sdk } from "../fixtures";

// Generated from the official SDK's own query schemas: every field of FindFlowInstancesQuery, FindFlowRunsQuery
// and FindFlowsQuery is sent to the running server and must be either refused with 400 naming it, or honoured —
// a filter that changes the answer the way its name says. A field answered 200 without a check below fails the
// test (a new SDK field is never silently dropped, nor silently untested).

type Item = Record<string, unknown>;
type List = (
  query: Record<string, string>,
) => Promise<{ status: number; items: Item[]; cursor?: string; message?: string }>;
/** A filter on equality with an item property: `pick` reads the value a filtered item must have. */
type Check = { pick: (item: Item) => unknown } | { custom: (list: List, sample: Item[]) => Promise<void> };

const uniq = () => Math.random().toString(36).slice(2, 10);
const NO_SUCH = "no-such-value-0000";

async function equalityCheck(list: List, field: string, sample: Item[], pick: (i: Item) => unknown) {
  const none = await list({ [field]: NO_SUCH });
  // An unknown referenced element (flowKey of no flow) may answer 404: filtered too, never unfiltered.
  expect([200, 404], `${field}=${NO_SUCH}`).toContain(none.status);
  expect(none.items, `${field}=${NO_SUCH} must match nothing`).toEqual([]);
  const withValue = sample.find((i) => !i.archivedAt && pick(i) !== undefined && pick(i) !== null);
  expect(withValue, `the test data must hold an item with ${field}`).toBeTruthy();
  const value = String(pick(withValue!));
  const hit = await list({ [field]: value, limit: "1000" });
  expect(hit.status).toBe(200);
  expect(hit.items.map((i) => i.id)).toContain(withValue!.id);
  for (const i of hit.items) expect(String(pick(i)), `${field}=${value}`).toBe(value);
}

const paging: Record<string, Check> = {
  limit: {
    custom: async (list) => {
      const page = await list({ limit: "1" });
      expect(page.items).toHaveLength(1);
      expect(page.cursor).toBeTruthy();
    },
  },
  cursor: {
    custom: async (list) => {
      const first = await list({ limit: "1" });
      const second = await list({ limit: "1", cursor: first.cursor! });
      expect(second.status).toBe(200);
      expect(second.items).toHaveLength(1);
      expect(second.items[0].id).not.toBe(first.items[0].id);
      expect(String(second.items[0].id) < String(first.items[0].id)).toBe(true);
    },
  },
  includeArchived: {
    custom: async (list, sample) => {
      const archived = sample.find((i) => i.archivedAt);
      expect(archived, "the test data must hold an archived item").toBeTruthy();
      const plain = await list({ limit: "1000" });
      expect(plain.items.map((i) => i.id)).not.toContain(archived!.id);
      const all = await list({ limit: "1000", includeArchived: "true" });
      expect(all.items.map((i) => i.id)).toContain(archived!.id);
    },
  },
};

function searchCheck(fields: (i: Item) => string[]): Check {
  return {
    custom: async (list, sample) => {
      expect((await list({ search: NO_SUCH })).items).toEqual([]);
      const name = String(sample.find((i) => !i.archivedAt)!.name);
      const hit = await list({ search: name, limit: "1000" });
      expect(hit.items.length).toBeGreaterThan(0);
      for (const i of hit.items)
        expect(fields(i).some((f) => f.toLowerCase().includes(name.toLowerCase()))).toBe(true);
    },
  };
}

test("every query field of the SDK's Find*Query schemas is honoured or refused with 400 naming it", async () => {
  test.setTimeout(120_000);
  const adminTok = await adminToken();
  const admin = sdk(adminTok);
  const tag = uniq();

  // Test data of its own: a customer with a connection, two instances (one archived), runs, a flow.
  const tenant = `tenant-${tag}`;
  const customer = sdk(await customerToken(tenant, `Query Co ${tag}`));
  const connection = (await customer.connections.create({
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  } as never)) as unknown as Item;
  const live = (await customer
    .connection("sandbox-crm")
    .flow("sync-new-contacts", { instanceKey: `k-${tag}` })
    .get({ autoCreate: true } as never)) as unknown as Item;
  await customer.flowInstance(String(live.id)).patch({ name: `Query instance ${tag}` } as never);
  const gone = (await customer
    .connection("sandbox-crm")
    .flow("sync-new-contacts", { instanceKey: `gone-${tag}` })
    .get({ autoCreate: true } as never)) as unknown as Item;
  await customer.flowInstance(String(live.id)).run({ input: { firstName: "Q", email: "q@query.example" } });
  await customer.flowInstance(String(gone.id)).run({ input: { firstName: "R", email: "r@query.example" } });
  await customer.flowInstance(String(gone.id)).archive();
  const crm = (await admin.integrations.find({})).items.find((i) => i.key === "sandbox-crm")!;
  const archivedFlow = (await admin.flows.create({
    name: `Query flow ${tag}`,
    integrationId: crm.id,
    nodes: { t: { type: "api-trigger" } },
  } as never)) as unknown as Item;
  await admin.flow(String(archivedFlow.id)).archive();
  const integrationKeyOf = async (id: unknown) =>
    (await admin.integrations.find({})).items.find((i) => i.id === id)?.key;

  const lister =
    (path: string): List =>
    async (query) => {
      const res = await api(adminTok, "GET", `${path}?${new URLSearchParams(query)}`);
      return {
        status: res.status,
        items: res.body.items ?? [],
        cursor: res.body.cursor as string | undefined,
        message: res.body.message as string | undefined,
      };
    };

  const instanceItems = (
    await lister("/flow-instances")({ userId: String(connection.userId), includeArchived: "true" })
  ).items;
  expect(instanceItems.map((i) => i.id).sort()).toEqual([live.id, gone.id].sort());
  const runItems = (
    await lister("/flow-runs")({ userId: String(connection.userId), includeArchived: "true" })
  ).items;
  const flowItems = [
    ...(await lister("/flows")({ limit: "1000" })).items,
    { ...archivedFlow, archivedAt: "archived" },
  ];
  expect(runItems.length).toBe(2);

  const suites: {
    name: string;
    path: string;
    fields: string[];
    sample: Item[];
    checks: Record<string, Check>;
  }[] = [
    {
      name: "FindFlowInstancesQuery",
      path: "/flow-instances",
      fields: Object.keys(FindFlowInstancesQuery.shape),
      sample: instanceItems,
      checks: {
        ...paging,
        search: searchCheck((i) => [String(i.name), String(i.id), String(i.instanceKey ?? "")]),
        flowId: { pick: (i) => i.flowId },
        flowKey: { pick: (i) => (i.flow as Item | undefined)?.key },
        userId: { pick: (i) => i.userId },
        instanceKey: { pick: (i) => i.instanceKey },
        connectionId: { pick: (i) => i.connectionId },
        integrationId: { pick: (i) => i.integrationId },
        enabled: {
          custom: async (list) => {
            await customer.flowInstance(String(live.id)).disable();
            const off = await list({ enabled: "false", limit: "1000" });
            expect(off.items.map((i) => i.id)).toContain(live.id);
            for (const i of off.items) expect(i.enabled).toBe(false);
            const on = await list({ enabled: "true", limit: "1000" });
            expect(on.items.map((i) => i.id)).not.toContain(live.id);
            for (const i of on.items) expect(i.enabled).toBe(true);
            await customer.flowInstance(String(live.id)).enable();
          },
        },
        integrationKey: {
          custom: async (list) => {
            expect((await list({ integrationKey: NO_SUCH })).items).toEqual([]);
            const hit = await list({ integrationKey: "sandbox-crm", limit: "1000" });
            expect(hit.items.map((i) => i.id)).toContain(live.id);
            for (const i of hit.items) expect(i.integrationId).toBe(crm.id);
          },
        },
      },
    },
    {
      name: "FindFlowRunsQuery",
      path: "/flow-runs",
      fields: Object.keys(FindFlowRunsQuery.shape),
      // Runs of the live instance: runs of an archived one are hidden unless includeArchived.
      sample: runItems.filter((i) => i.flowInstanceId === live.id),
      checks: {
        limit: paging.limit,
        cursor: paging.cursor,
        flowId: { pick: (i) => i.flowId },
        integrationFlowId: { pick: (i) => i.flowId },
        connectionFlowId: { pick: (i) => i.flowInstanceId },
        userId: { pick: (i) => i.userId },
        integrationId: { pick: (i) => i.integrationId },
        connectionId: { pick: (i) => i.connectionId },
        state: {
          custom: async (list) => {
            const done = await list({
              state: "completed",
              userId: String(connection.userId),
              includeArchived: "true",
            });
            expect(done.items).toHaveLength(2);
            const failed = await list({
              state: "failed",
              userId: String(connection.userId),
              includeArchived: "true",
            });
            expect(failed.items).toEqual([]);
          },
        },
        from: {
          custom: async (list) => {
            expect((await list({ from: "2999-01-01T00:00:00Z" })).items).toEqual([]);
            expect(
              (await list({ from: "2000-01-01T00:00:00Z", userId: String(connection.userId) })).items.length,
            ).toBe(1);
          },
        },
        to: {
          custom: async (list) => {
            expect((await list({ to: "2000-01-01T00:00:00Z" })).items).toEqual([]);
            expect(
              (await list({ to: "2999-01-01T00:00:00Z", userId: String(connection.userId) })).items.length,
            ).toBe(1);
          },
        },
      },
    },
    {
      name: "FindFlowsQuery",
      path: "/flows",
      fields: Object.keys(FindFlowsQuery.shape),
      sample: flowItems,
      checks: {
        ...paging,
        search: searchCheck((i) => [String(i.name), String(i.key)]),
        integrationId: { pick: (i) => i.integrationId },
        flowId: { pick: (i) => i.id },
        // Flows usable with the connection (or any live one of the customer): its integration's and none's.
        ...Object.fromEntries(
          (["connectionId", "userId"] as const).map((field) => [
            field,
            {
              custom: async (list, sample) => {
                expect((await list({ [field]: NO_SUCH })).items).toEqual([]);
                const hit = await list({
                  [field]: String(connection[field === "connectionId" ? "id" : "userId"]),
                  limit: "1000",
                });
                for (const i of hit.items) expect([undefined, crm.id]).toContain(i.integrationId);
                const usable = sample
                  .filter(
                    (i) => (i.integrationId === crm.id || i.integrationId === undefined) && !i.archivedAt,
                  )
                  .map((i) => i.id);
                expect(hit.items.map((i) => i.id)).toEqual(expect.arrayContaining(usable));
              },
            } satisfies Check,
          ]),
        ),
        integrationKey: {
          custom: async (list, sample) => {
            expect((await list({ integrationKey: NO_SUCH })).items).toEqual([]);
            const hit = await list({ integrationKey: "sandbox-crm", limit: "1000" });
            expect(hit.items.length).toBeGreaterThan(0);
            for (const i of hit.items) expect(await integrationKeyOf(i.integrationId)).toBe("sandbox-crm");
            const crmFlows = sample
              .filter((i) => i.integrationId === crm.id && !i.archivedAt)
              .map((i) => i.id);
            expect(hit.items.map((i) => i.id).sort()).toEqual(expect.arrayContaining(crmFlows));
          },
        },
      },
    },
  ];

  const report: string[] = [];
  for (const suite of suites) {
    const list = lister(suite.path);
    expect(suite.fields.length, suite.name).toBeGreaterThan(5);
    for (const field of suite.fields) {
      await test.step(`${suite.name}.${field}`, async () => {
        // A value of the field's own type: refusal must come from the field being unsupported, not a bad value.
        const probe = await list({
          [field]:
            field === "limit"
              ? "1"
              : field === "from" || field === "to"
                ? "2000-01-01T00:00:00Z"
                : field === "state"
                  ? "completed"
                  : field === "includeArchived" || field === "enabled" || field === "isUniversal"
                    ? "true"
                    : NO_SUCH,
        });
        if (probe.status === 400 && !(field in suite.checks)) {
          expect(probe.message, `${suite.name}.${field}`).toContain(`query.${field}`);
          report.push(`${suite.name}.${field}: refused`);
          return;
        }
        const check = suite.checks[field];
        expect(
          check,
          `${suite.name}.${field} answered ${probe.status} but has no check: honoured or dropped?`,
        ).toBeTruthy();
        if ("pick" in check) await equalityCheck(list, field, suite.sample, check.pick);
        else await check.custom(list, suite.sample);
        report.push(`${suite.name}.${field}: honoured`);
      });
    }
  }
  test.info().annotations.push({ type: "fields", description: report.join("\n") });
});

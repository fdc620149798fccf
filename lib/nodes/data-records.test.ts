import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createDataRecord,
  deleteDataRecord,
  findDataRecordById,
  listDataRecords,
  updateDataRecord,
} from "./data-records";
import { handleSandboxCrmRequest } from "../sandbox-crm/handler";
import { resetCrmStore } from "../sandbox-crm/store";
import { makeContext, startServer, webHandler, type ContextOverrides, type TestServer } from "./test-helpers";

// The Sandbox CRM's real handler, served over HTTP the way the Next.js route serves it at /sandbox/crm.
let crm: TestServer;

beforeAll(async () => {
  crm = await startServer(
    webHandler(async (req) => {
      const path = new URL(req.url).pathname.replace(/^\/sandbox\/crm\/?/, "");
      return handleSandboxCrmRequest(req, path.split("/").filter(Boolean).map(decodeURIComponent));
    }),
  );
});
afterAll(() => crm.close());
beforeEach(() => resetCrmStore());

function ctx(config: Record<string, unknown>, overrides: ContextOverrides = {}) {
  return makeContext({
    config,
    ...overrides,
    runtime: {
      appUrl: crm.url,
      integration: {
        key: "sandbox-crm",
        baseUri: "/sandbox/crm",
        auth: { type: "api-key", header: "x-api-key" },
        dataCollections: {
          contacts: { name: "Contacts", path: "/contacts" },
          deals: { name: "Deals", path: "/deals" },
        },
      },
      connection: { credentials: { apiKey: "sandbox-crm-key" } },
      ...overrides.runtime,
    },
  });
}

describe("data-record nodes against the Sandbox CRM", () => {
  it("lists records page by page with filters and a cursor", async () => {
    const first = await listDataRecords.execute(ctx({ collectionKey: "contacts", query: { limit: 2 } }));
    expect(first).toHaveLength(1);
    const page1 = first[0] as { records: { id: string }[]; cursor?: string };
    expect(page1.records.map((r) => r.id)).toEqual(["c_1", "c_2"]);
    expect(page1.cursor).toBe("2");

    const second = await listDataRecords.execute(
      ctx(
        { collectionKey: "contacts", query: { limit: 2 }, cursor: { $var: "$.input.prev.cursor" } },
        { input: { prev: page1 } },
      ),
    );
    expect(second[0]).toEqual({ records: [expect.objectContaining({ id: "c_3" })] });

    const search = await listDataRecords.execute(
      ctx({ collectionKey: "contacts", query: { search: "grace" } }),
    );
    expect((search[0] as { records: { name: string }[] }).records.map((r) => r.name)).toEqual([
      "Grace Hopper",
    ]);
  });

  it("creates, finds, updates and deletes a record", async () => {
    const [created] = (await createDataRecord.execute(
      ctx(
        { collectionKey: "contacts", fields: { name: { $var: "$.input.t.name" }, email: "lin@example.com" } },
        {
          input: { t: { name: "Lin" } },
        },
      ),
    )) as { id: string; record: Record<string, unknown> }[];
    expect(created.id).toBe("c_4");
    expect(created.record).toMatchObject({ id: "c_4", name: "Lin", email: "lin@example.com" });

    const [found] = await findDataRecordById.execute(ctx({ collectionKey: "contacts", id: created.id }));
    expect(found).toEqual({ record: created.record });

    const [updated] = await updateDataRecord.execute(
      ctx({ collectionKey: "contacts", id: "c_4", fields: { company: "Lin & Co" } }),
    );
    expect(updated).toMatchObject({ id: "c_4", record: { name: "Lin", company: "Lin & Co" } });

    const [deleted] = await deleteDataRecord.execute(ctx({ collectionKey: "contacts", id: "c_4" }));
    expect(deleted).toEqual({ id: "c_4", deleted: true });
    await expect(findDataRecordById.execute(ctx({ collectionKey: "contacts", id: "c_4" }))).rejects.toThrow(
      /status 404/,
    );
  });

  it("surfaces the CRM's validation error and bad credentials", async () => {
    await expect(
      createDataRecord.execute(ctx({ collectionKey: "contacts", fields: { company: "x" } })),
    ).rejects.toThrow(/status 422.*needs an email or a name/);
    const wrongKey = ctx(
      { collectionKey: "contacts" },
      { runtime: { connection: { credentials: { apiKey: "nope" } } } },
    );
    await expect(listDataRecords.execute(wrongKey)).rejects.toThrow(/status 401/);
    expect(JSON.stringify(wrongKey.logs)).not.toContain("nope");
  });

  it("names the collection when it is unknown and requires an id", async () => {
    await expect(listDataRecords.execute(ctx({ collectionKey: "tickets" }))).rejects.toThrow(
      'Integration "sandbox-crm" has no data collection "tickets" (available: contacts, deals)',
    );
    await expect(
      findDataRecordById.execute(ctx({ collectionKey: "deals", id: { $var: "$.input.x" } })),
    ).rejects.toThrow(/Record id must evaluate to a non-empty string or number/);
  });

  it("escapes ids in the URL and refuses ids that would leave the collection", async () => {
    await expect(findDataRecordById.execute(ctx({ collectionKey: "deals", id: "c_1/x y" }))).rejects.toThrow(
      /GET \S+\/deals\/c_1%2Fx%20y failed with status 404/,
    );
    await expect(
      findDataRecordById.execute(ctx({ collectionKey: "deals", id: "../contacts/c_1" })),
    ).rejects.toThrow(/contains a relative segment/);
  });

  it("describes outputs from recordSchema and requires collectionKey in the config schema", () => {
    const recordSchema = { type: "object", properties: { id: { type: "string" } } };
    expect(listDataRecords.outputSchema({ collectionKey: "contacts", recordSchema }, {})).toEqual({
      type: "object",
      properties: { records: { type: "array", items: recordSchema }, cursor: { type: "string" } },
    });
    expect(createDataRecord.outputSchema({}, {})).toEqual({
      type: "object",
      properties: { id: { type: "string" }, record: { type: "object" } },
    });
    expect(deleteDataRecord.configSchema.required).toEqual(["collectionKey", "id"]);
    expect(
      updateDataRecord.validate?.(
        { collectionKey: "contacts", id: "1", fields: { a: { $var: "$.input.nope" } } },
        { type: "object", properties: { input: { type: "object", properties: {} } } },
      ),
    ).toEqual([{ path: "fields.a", message: expect.stringMatching(/is not in the input/) }]);
  });
});

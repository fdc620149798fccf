import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenant, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import type { Ctx } from "@/lib/services/context";
import { DomainError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { archiveConnection } from "@/lib/services/connections/archive-connection";
import type { InstanceSelector } from "@/lib/services/flow-instances/shared";
import type { FlowNodes } from "@/lib/core/flow";

// A selector is resolved by one set of rules on two paths: the GET's one-query fast path
// (getFlowInstanceJson) and the precise path every other verb uses (getFlowInstance → resolveInstance).
// Both must answer as the API always has (status and body, byte for byte), and a GET by id reads once.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes: FlowNodes = { trigger: { type: "api-trigger" } };

/** Statements sent to the database while `fn` runs (PGlite or a PostgreSQL pool: both go through `query`). */
async function statements<T>(fn: () => Promise<T>): Promise<{ result: T | DomainError; sent: string[] }> {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const sent: string[] = [];
  const originals: [string, unknown][] = [];
  for (const method of ["query", "exec"])
    if (typeof client[method] === "function") {
      const original = client[method] as (...args: unknown[]) => unknown;
      originals.push([method, original]);
      client[method] = function (this: unknown, ...args: unknown[]) {
        const q = args[0] as string | { text: string };
        sent.push(typeof q === "string" ? q : q.text);
        return original.apply(this, args);
      };
    }
  try {
    return { result: await fn(), sent };
  } catch (err) {
    if (err instanceof DomainError) return { result: err, sent };
    throw err;
  } finally {
    for (const [method, original] of originals) client[method] = original;
  }
}

/** What the API answers: the status and the body text (the route writes an error's toJSON). */
async function answer(p: Promise<unknown>): Promise<{ status: number; body: string }> {
  try {
    const ok = await p;
    const text = ok && typeof ok === "object" && "text" in ok ? (ok as { text: string }).text : undefined;
    return { status: 200, body: text !== undefined ? JSON.stringify(JSON.parse(text)) : JSON.stringify(ok) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { status: err.status, body: JSON.stringify(err.toJSON()) };
  }
}

/** The fast and the precise path answer alike, and as expected. */
async function expectAnswer(
  ctx: Ctx,
  selector: InstanceSelector,
  expected: { status: number; body?: string },
) {
  const fast = await answer(getFlowInstanceJson({ ctx, input: { selector } }));
  const precise = await answer(getFlowInstance({ ctx, input: { selector } }));
  expect(fast).toEqual(precise);
  expect(fast.status).toBe(expected.status);
  if (expected.body !== undefined) expect(fast.body).toBe(expected.body);
  return fast;
}

const notFound = (what: string) =>
  JSON.stringify({ type: "bad_request", key: "not_found", message: `${what} not found` });
const badRequest = (message: string) => JSON.stringify({ type: "bad_request", message });

describe("instance selectors", () => {
  it("a GET by an id that names no instance of the caller's is a 404 from one read", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const other = await makeTenant(db, nodes);
    const get = (ctx: Ctx, id: string) => () => getFlowInstanceJson({ ctx, input: { selector: { id } } });
    for (const [ctx, id] of [
      [t.customerCtx, newId()],
      [t.ctx, newId()],
      [other.customerCtx, t.inst.id],
    ] as [Ctx, string][]) {
      // Warm-up: PGlite prepares a statement on its first use (a PREPARE before the EXECUTE).
      await statements(get(ctx, newId()));
      const { result, sent } = await statements(get(ctx, id));
      expect(result).toBeInstanceOf(DomainError);
      // The fast path's read only (PGlite runs it as an EXECUTE of the prepared statement).
      expect(sent, JSON.stringify(sent)).toHaveLength(1);
      await expectAnswer(ctx, { id }, { status: 404, body: notFound("Flow instance") });
    }
    // Not an id at all: no read.
    expect((await statements(get(t.customerCtx, "not-an-id"))).sent).toEqual([]);
    await expectAnswer(t.customerCtx, { id: "not-an-id" }, { status: 404, body: notFound("Flow instance") });

    // Found: one read too once its JSON is cached (the first read of a row version also has the JSON built).
    await statements(get(t.customerCtx, t.inst.id));
    const found = await statements(get(t.customerCtx, t.inst.id));
    expect(found.sent).toHaveLength(1);
    await expectAnswer(t.customerCtx, { id: t.inst.id }, { status: 200 });
  });

  it("every selector answers as before on both paths", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const other = await makeTenant(db, nodes);
    const bySel = { flowKey: t.flow.key, integrationKey: t.integration.key };
    const byConn = { flowId: t.flow.id, connectionId: t.connection.id };

    // Existing instance: by selector (customer and admin) it is the instance read by id.
    const byId = await expectAnswer(t.customerCtx, { id: t.inst.id }, { status: 200 });
    for (const [ctx, selector] of [
      [t.customerCtx, bySel],
      [t.customerCtx, byConn],
      [t.customerCtx, { flowKey: t.flow.key, integrationId: t.integration.id }],
      [t.ctx, byConn],
      // An admin names the customer's connection with userId (id or internalId).
      [t.ctx, { ...bySel, userId: t.customer.id }],
      [t.ctx, { ...bySel, userId: t.customer.internalId }],
    ] as [Ctx, InstanceSelector][])
      await expectAnswer(ctx, selector, byId);
    // (Its JSON is cached by now: the version read only.)
    const hit = await statements(() =>
      getFlowInstanceJson({ ctx: t.customerCtx, input: { selector: bySel } }),
    );
    expect(hit.sent).toHaveLength(1);

    const cases: [Ctx, InstanceSelector, number, string][] = [
      [t.customerCtx, { ...bySel, instanceKey: "none" }, 404, notFound("Flow instance")],
      [t.customerCtx, { ...bySel, flowKey: "no-such-flow" }, 404, notFound("Flow")],
      [t.customerCtx, { flowId: newId(), connectionId: t.connection.id }, 404, notFound("Flow")],
      [t.customerCtx, { ...bySel, integrationKey: "no-such-app" }, 404, notFound("Connection")],
      [t.customerCtx, { flowKey: t.flow.key, connectionId: newId() }, 404, notFound("Connection")],
      [other.customerCtx, byConn, 404, notFound("Connection")],
      [other.customerCtx, bySel, 404, notFound("Connection")],
      [t.ctx, { flowKey: t.flow.key, connectionId: newId() }, 404, notFound("Connection")],
      [t.ctx, { ...bySel, userId: "no-such-customer" }, 404, notFound("Customer")],
      [
        t.ctx,
        bySel,
        400,
        badRequest("connection: use a connection id (an integration key needs a customer token)"),
      ],
      [
        t.customerCtx,
        { flowKey: other.flow.key, integrationKey: t.integration.key },
        400,
        badRequest("connectionId: the connection's integration does not match the flow's integration"),
      ],
      [
        t.customerCtx,
        { integrationKey: t.integration.key },
        400,
        badRequest("flowId or flowKey is required (or id)"),
      ],
      [
        t.customerCtx,
        { flowKey: t.flow.key },
        400,
        badRequest("connectionId, integrationKey or integrationId is required"),
      ],
      [
        t.customerCtx,
        { ...bySel, connectionKey: "c" },
        400,
        badRequest(
          "connectionKey: connections have no key in Flowdeck; select by connectionId, integrationKey or integrationId",
        ),
      ],
    ];
    for (const [ctx, selector, status, body] of cases) await expectAnswer(ctx, selector, { status, body });

    // An archived instance is read by id, never by selector.
    const archived = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: { ...byConn, instanceKey: "old" }, autoCreate: true },
    });
    await archiveFlowInstance({ ctx: t.ctx, input: { id: archived.id } });
    const readById = await expectAnswer(t.customerCtx, { id: archived.id }, { status: 200 });
    expect(JSON.parse(readById.body).archivedAt).toBeTruthy();
    await expectAnswer(
      t.customerCtx,
      { ...byConn, instanceKey: "old" },
      {
        status: 404,
        body: notFound("Flow instance"),
      },
    );

    // An archived connection: its instance is readable by id, not through the connection.
    await archiveConnection({ ctx: t.ctx, input: { selector: t.connection.id } });
    const archivedConnection = badRequest("connectionId: the connection is archived");
    await expectAnswer(t.customerCtx, byConn, { status: 400, body: archivedConnection });
    await expectAnswer(t.ctx, byConn, { status: 400, body: archivedConnection });
    // By integration the caller has no live connection left.
    await expectAnswer(t.customerCtx, bySel, { status: 404, body: notFound("Connection") });
    await expectAnswer(t.customerCtx, { id: t.inst.id }, { status: 200 });
  });
});

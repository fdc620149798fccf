import { expect, test } from "@playwright/test";
import { adminToken, api, customerToken, sdk } from "../fixtures";
import { startHeldPeer } from "../held-peer";

// Issue 19 with the official @membranehq/sdk: a flow patch/put without `nodes` keeps them (point 1), and a
// run's node states are visible while it runs and after it is stopped (point 3).

const uniq = () => Math.random().toString(36).slice(2, 10);

type NodeState = { state?: string; runs?: number };
type Nodes = Record<string, NodeState>;

/** Creates a flow with these nodes on sandbox-crm, a customer with a connection, and that customer's instance. */
async function flowWithInstance(nodes: Record<string, unknown>) {
  const admin = sdk(await adminToken());
  const crm = (await admin.integrations.find({})).items.find((i) => i.key === "sandbox-crm")!;
  const key = `depth-${uniq()}`;
  const flow = await admin.flows.create({ key, name: "Depth flow", integrationId: crm.id, nodes } as never);
  const token = await customerToken(`depth-${uniq()}`);
  const client = sdk(token);
  await client.connections.create({
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  } as never);
  const accessor = client.connection("sandbox-crm").flow(key);
  return { admin, client, token, flow, accessor };
}

test.describe("SDK depth (issue 19)", () => {
  test("flow patch and put without nodes keep the nodes; a new instance has them", async () => {
    const nodes = {
      t: { type: "api-trigger", links: [{ key: "x" }] },
      x: { type: "transform-data", config: { output: { ok: true } } },
    };
    const { admin, flow, accessor } = await flowWithInstance(nodes);
    const patched = await admin.flow(flow.id).patch({ name: "Patched name" } as never);
    expect(patched.name).toBe("Patched name");
    expect(Object.keys(patched.nodes ?? {}).sort()).toEqual(["t", "x"]);
    expect((await admin.flow(flow.id).get()).nodes).toMatchObject({
      t: { type: "api-trigger" },
      x: { type: "transform-data", config: { output: { ok: true } } },
    });
    const put = await admin.flow(flow.id).put({ name: "Put name" } as never);
    expect(put.name).toBe("Put name");
    expect(Object.keys(put.nodes ?? {}).sort()).toEqual(["t", "x"]);

    const instance = await accessor.get({ autoCreate: true } as never);
    expect(instance.nodes).toMatchObject({
      t: { type: "api-trigger" },
      x: { type: "transform-data", config: { output: { ok: true } } },
    });
  });

  test("single reads embed user, connection, integration and flow (instances), and flowInstance too (runs)", async () => {
    const { admin, client, flow, accessor } = await flowWithInstance({
      t: { type: "api-trigger", links: [{ key: "x" }] },
      x: { type: "transform-data", config: { output: { ok: true } } },
    });
    const created = await accessor.get({ autoCreate: true } as never);
    const instance = await client.flowInstance(created.id).get();
    expect(instance.flow).toMatchObject({
      id: flow.id,
      key: flow.key,
      name: "Depth flow",
      revision: flow.revision,
    });
    expect(instance.user).toMatchObject({ id: instance.userId });
    expect(instance.connection).toMatchObject({ id: instance.connectionId, userId: instance.userId });
    expect(instance.connection).not.toHaveProperty("credentials");
    expect(instance.integration).toMatchObject({ id: instance.integrationId, key: "sandbox-crm" });
    // A renamed connection shows in the next read.
    await admin.connection(instance.connectionId!).patch({ name: "Depth connection" } as never);
    expect((await client.flowInstance(created.id).get()).connection?.name).toBe("Depth connection");

    const run = await client.flowRuns.create({
      flowInstanceId: created.id,
      input: {},
      meta: { source: "depth" },
    } as never);
    const got = await client.flowRun(run.id).get();
    expect(got.meta).toEqual({ source: "depth" });
    expect(got.flowInstance).toMatchObject({ id: created.id, flowId: flow.id });
    expect(got.user).toMatchObject({ id: instance.userId });
    expect(got.connection).toMatchObject({ id: instance.connectionId, name: "Depth connection" });
    expect(got.integration).toMatchObject({ key: "sandbox-crm" });
  });

  test("node runs and outputs page with the SDK's cursor and link upstream and downstream runs", async () => {
    const { client, token, accessor } = await flowWithInstance({
      t: { type: "api-trigger", links: [{ key: "a" }, { key: "b" }] },
      a: { type: "transform-data", config: { output: { from: "a" } }, links: [{ key: "c" }] },
      b: { type: "transform-data", config: { output: { from: "b" } }, links: [{ key: "c" }] },
      c: { type: "transform-data", config: { output: { done: true } } },
    });
    const inst = await accessor.get({ autoCreate: true } as never);
    const run = await client.flowInstance(inst.id).run({ input: {} });
    const runAccessor = client.flowRun(run.id);
    const all = await runAccessor.getNodeRuns("c");
    expect(all.items).toHaveLength(2);
    expect(all.cursor).toBeUndefined();
    const a = (await runAccessor.getNodeRuns("a")).items[0];
    const aOutput = (await runAccessor.getNodeOutputs("a")).items[0];
    const fedByA = all.items.find(
      (r: { upstreamRuns: { nodeKey: string }[] }) => r.upstreamRuns[0].nodeKey === "a",
    );
    expect(fedByA.upstreamRuns).toEqual([{ nodeKey: "a", runId: a.id, outputId: aOutput.id }]);
    expect(aOutput.downstreamRuns).toEqual([{ runId: fedByA.id, nodeKey: "c" }]);

    // One node run a page: the cursor of the first page, passed as the SDK passes it, gives the second.
    const page1 = await api(token, "GET", `/flow-runs/${run.id}/nodes/c/runs?limit=1`);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await runAccessor.getNodeRuns("c", { cursor: page1.body.cursor as string });
    expect(page2.items.map((r: { id: string }) => r.id)).toEqual(
      all.items
        .filter((r: { id: string }) => r.id !== page1.body.items![0].id)
        .map((r: { id: string }) => r.id),
    );
    const outputs1 = await api(token, "GET", `/flow-runs/${run.id}/nodes/c/outputs?limit=1`);
    const outputs2 = await runAccessor.getNodeOutputs("c", { cursor: outputs1.body.cursor as string });
    expect(outputs2.items).toHaveLength(1);
    expect(outputs2.items[0].id).not.toBe(outputs1.body.items![0].id);
  });

  test("a run shows the completed first node and the running second one; stop marks it stopped", async () => {
    const peer = await startHeldPeer({ held: false });
    try {
      const slowNodes = (ms: number) => ({
        trigger: { type: "api-trigger", links: [{ key: "first" }] },
        first: { type: "transform-data", config: { output: { ok: true } }, links: [{ key: "slow" }] },
        slow: { type: "custom-http-request", config: { url: peer.url(ms), method: "GET" } },
      });

      // Watched to the end: the HTTP node waits ~2 s on the peer.
      const watched = await flowWithInstance(slowNodes(2000));
      const inst = await watched.accessor.get({ autoCreate: true } as never);
      const run = await watched.client.flowRuns.create({ flowInstanceId: inst.id, input: {} } as never);
      const runAccessor = watched.client.flowRun(run.id);
      let during: { state?: string; nodes?: unknown } = {};
      await expect
        .poll(
          async () => {
            during = await runAccessor.get();
            return (during.nodes as Nodes | undefined)?.slow?.state;
          },
          { intervals: [50], timeout: 10_000 },
        )
        .toBe("running");
      expect(during.state).toBe("running");
      expect(during.nodes).toMatchObject({
        first: { state: "completed", runs: 1 },
        slow: { state: "running", runs: 0 },
      });
      await expect
        .poll(async () => (await runAccessor.get()).state, { intervals: [100], timeout: 15_000 })
        .toBe("completed");
      expect((await runAccessor.get()).nodes).toMatchObject({
        first: { state: "completed", runs: 1 },
        slow: { state: "completed", runs: 1 },
      });

      // Stopped mid-run: the node that was running becomes `stopped`.
      const stopped = await flowWithInstance(slowNodes(10_000));
      const inst2 = await stopped.accessor.get({ autoCreate: true } as never);
      const run2 = await stopped.client.flowRuns.create({ flowInstanceId: inst2.id, input: {} } as never);
      const run2Accessor = stopped.client.flowRun(run2.id);
      await expect
        .poll(async () => ((await run2Accessor.get()).nodes as Nodes | undefined)?.slow?.state, {
          intervals: [50],
          timeout: 10_000,
        })
        .toBe("running");
      await run2Accessor.stop();
      await expect
        .poll(async () => (await run2Accessor.get()).state, { intervals: [100], timeout: 15_000 })
        .toBe("stopped");
      expect((await run2Accessor.get()).nodes).toMatchObject({
        first: { state: "completed", runs: 1 },
        slow: { state: "stopped" },
      });
    } finally {
      await peer.close();
    }
  });
});

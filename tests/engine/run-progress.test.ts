// Run progress (`FlowRun.nodes`) is persisted while a run runs: node states `running` → `completed`, counts,
// and `stopped` for the node that was running when the run was stopped. On PGlite (embedded claims) and on
// PostgreSQL (graphile-worker runner) alike: `PG_TEST_PATHS=tests/engine/run-progress.test.ts bash scripts/pg-test.sh`.
import { describe, expect, it } from "vitest";
import { makeTenantWithInstance, adminCtx, waitForRunEnd } from "@/tests/helpers";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getFlowRun } from "@/lib/services/flow-runs/get-flow-run";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { slowFlowNodes, slowRunSetup } from "./fixtures/slow-peer";

const env = slowRunSetup();

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("run progress", () => {
  it("shows completed nodes and the running one while the run runs, then all completed", async () => {
    const t = await makeTenantWithInstance(env.db, slowFlowNodes(env.peer.url(2000)));
    const run = await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: t.inst.id } });
    const get = () => getFlowRun({ ctx: adminCtx(env.db), input: { id: run!.id } });
    const during = await until(
      get,
      (r) => (r.nodes as Record<string, { state?: string }>).slow?.state === "running",
    );
    expect(during.state).toBe("running");
    expect(during.nodes).toMatchObject({
      trigger: { state: "completed", runs: 1, outputs: 1, erroredRuns: 0 },
      first: { state: "completed", runs: 1, outputs: 1, erroredRuns: 0 },
      slow: { state: "running", runs: 0 },
    });
    expect(during.nodes).not.toHaveProperty("last");
    expect(await waitForRunEnd(env.db, run!.id)).toBe("completed");
    const after = await get();
    for (const key of ["trigger", "first", "slow", "last"])
      expect((after.nodes as Record<string, unknown>)[key]).toEqual({
        state: "completed",
        runs: 1,
        erroredRuns: 0,
        outputs: 1,
      });
  });

  it("marks the node that was running `stopped` when the run is stopped", async () => {
    const t = await makeTenantWithInstance(env.db, slowFlowNodes(env.peer.url(5000)));
    const run = await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: t.inst.id } });
    const get = () => getFlowRun({ ctx: adminCtx(env.db), input: { id: run!.id } });
    await until(get, (r) => (r.nodes as Record<string, { state?: string }>).slow?.state === "running");
    await stopFlowRun({ ctx: adminCtx(env.db), input: { id: run!.id } });
    expect(await waitForRunEnd(env.db, run!.id)).toBe("stopped");
    const after = await get();
    expect(after.nodes).toMatchObject({
      first: { state: "completed", runs: 1 },
      slow: { state: "stopped", runs: 0 },
    });
    expect(after.nodes).not.toHaveProperty("last");
  });
});

// The change stream across processes on one PostgreSQL database: a run executed by a worker process
// (`npm run worker`) streams its state changes to a client of this process (an app server running no
// worker), through one NOTIFY per published batch and this process's LISTEN connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { openEventStream } from "@/lib/services/events/open-event-stream";
import { startChangeFeed, stopChangeFeed } from "@/lib/engine/changes";
import type { FlowNodes } from "@/lib/core/flow";
import { makeTenantWithInstance, waitForRunEnd } from "@/tests/helpers";
import { createScratchDatabase, spawnTsx, type Spawned } from "./pg";
import { startSlowPeer, type SlowPeer } from "./fixtures/slow-peer";
import { SseReader } from "./fixtures/sse";

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let handle: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let peer: SlowPeer;
let worker: Spawned | undefined;

beforeAll(async () => {
  scratch = await createScratchDatabase("flowdeck_events");
  handle = await openTestDb(scratch.url);
  db = handle.db;
  startChangeFeed(db);
  peer = await startSlowPeer();
});
afterAll(async () => {
  worker?.child.kill("SIGTERM");
  await worker?.exited;
  await stopChangeFeed();
  await peer?.close();
  await handle?.close().catch(() => undefined);
  await scratch?.drop();
});

describe("change stream on PostgreSQL", () => {
  it("delivers the node and run states of a run a worker process executes", { timeout: 60_000 }, async () => {
    const nodes: FlowNodes = {
      trigger: { type: "api-trigger", links: [{ key: "first" }] },
      first: { type: "transform-data", config: { output: { ok: true } }, links: [{ key: "slow" }] },
      slow: {
        type: "custom-http-request",
        config: { url: peer.url(1500), method: "GET" },
        links: [{ key: "last" }],
      },
      last: { type: "transform-data", config: { output: { done: true } } },
    };
    const t = await makeTenantWithInstance(db, nodes);
    const other = await makeTenantWithInstance(db, nodes);
    const env = getEnv();
    worker = await spawnTsx(
      "scripts/worker.ts",
      {
        DATABASE_URL: scratch.url,
        DATA_DIR: env.DATA_DIR,
        WORKSPACE_KEY: env.WORKSPACE_KEY,
        WORKSPACE_SECRET: env.WORKSPACE_SECRET,
        WORKER_SCHEDULES: "off",
        WORKER_POLL_MS: "200",
        OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
      },
      "started (",
      "worker",
    );
    const stream = new SseReader(openEventStream({ ctx: t.customerCtx, input: {} }));
    await stream.until((r) => r.events.some((e) => e.event === "ready"));
    const otherRun = await createFlowRun({
      ctx: other.customerCtx,
      input: { flowInstanceId: other.inst.id },
    });
    const run = await createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id } });
    type Change = { runId?: string; state?: string; nodes?: Record<string, { state: string }> };
    const mine = () => stream.changes<Change>().filter((c) => c.runId === run!.id);
    await stream.until(() => mine().some((c) => c.nodes?.slow?.state === "running"), 20_000);
    expect(mine().find((c) => c.nodes?.slow?.state === "running")?.nodes?.first?.state).toBe("completed");
    await stream.until(() => mine().some((c) => c.state === "completed"), 20_000);
    expect(mine().map((c) => c.state)).toEqual(expect.arrayContaining(["queued", "running", "completed"]));
    expect(await waitForRunEnd(db, otherRun!.id)).toBe("completed");
    expect(stream.text).not.toContain(otherRun!.id);
    await stream.cancel();
  });
});

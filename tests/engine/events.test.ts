// The change stream (GET /api/events, lib/services/events/open-event-stream.ts) read as bytes: a customer's
// stream carries the state changes of its own runs and instances and nothing of another customer's; a
// stream closed mid-run and reopened with the last event id misses no state change.
import { describe, expect, it } from "vitest";
import { makeTenantWithInstance, waitForRunEnd } from "@/tests/helpers";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { openEventStream, STREAMS_PER_CALLER } from "@/lib/services/events/open-event-stream";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { slowFlowNodes, slowRunSetup } from "./fixtures/slow-peer";
import { SseReader } from "./fixtures/sse";

const env = slowRunSetup();

type Change = {
  type: string;
  runId?: string;
  instanceId: string;
  state?: string;
  nodes?: Record<string, { state: string }>;
};
const slowState = (c: Change) => c.nodes?.slow?.state;

describe("change stream", () => {
  it("streams a customer's run and node states and instance changes, and nothing of another customer", async () => {
    const a = await makeTenantWithInstance(env.db, slowFlowNodes(env.peer.url(600)));
    const b = await makeTenantWithInstance(env.db, slowFlowNodes(env.peer.url(10)));
    const streamA = new SseReader(openEventStream({ ctx: a.customerCtx, input: {} }));
    const admin = new SseReader(openEventStream({ ctx: a.ctx, input: {} }));
    const runB = await createFlowRun({ ctx: b.customerCtx, input: { flowInstanceId: b.inst.id } });
    const runA = await createFlowRun({ ctx: a.customerCtx, input: { flowInstanceId: a.inst.id } });
    await updateFlowInstance({ ctx: b.customerCtx, input: { id: b.inst.id, body: { enabled: false } } });
    await updateFlowInstance({ ctx: a.customerCtx, input: { id: a.inst.id, body: { enabled: false } } });
    await streamA.until((r) =>
      r.changes<Change>().some((c) => c.runId === runA!.id && c.state === "completed"),
    );
    await admin.until((r) =>
      r.changes<Change>().some((c) => c.runId === runB!.id && c.state === "completed"),
    );
    const mine = streamA.changes<Change>();
    const states = mine.filter((c) => c.runId === runA!.id).map((c) => c.state);
    expect(states[0]).toBe("queued");
    expect(states).toContain("running");
    expect(states.at(-1)).toBe("completed");
    // node progress: `first` completed while `slow` ran, then all completed
    const during = mine.find((c) => c.runId === runA!.id && slowState(c) === "running");
    expect(during?.nodes?.first?.state).toBe("completed");
    expect(mine.at(-1)?.nodes?.last?.state).toBe("completed");
    expect(mine).toContainEqual(
      expect.objectContaining({ type: "instance", instanceId: a.inst.id, action: "disable" }),
    );
    // on the wire: no id of the other customer's run or instance
    for (const id of [runB!.id, b.inst.id]) expect(streamA.text).not.toContain(id);
    // the admin's stream carries both customers' events
    expect(admin.text).toContain(runA!.id);
    expect(admin.text).toContain(b.inst.id);
    await streamA.cancel();
    await admin.cancel();
  });

  it("resumes after Last-Event-ID without missing a state change", async () => {
    const t = await makeTenantWithInstance(env.db, slowFlowNodes(env.peer.url(1500)));
    const first = new SseReader(openEventStream({ ctx: t.customerCtx, input: {} }));
    const run = await createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id } });
    await first.until((r) => r.changes<Change>().some((c) => c.runId === run!.id && c.state === "running"));
    const seen = first.changes<Change>();
    await first.cancel(); // the connection drops mid-run
    await new Promise((r) => setTimeout(r, 2000)); // the run goes on (and ends) while nobody listens
    const second = new SseReader(
      openEventStream({ ctx: t.customerCtx, input: { lastEventId: seen.at(-1)!._id } }),
    );
    await second.until((r) =>
      r.changes<Change>().some((c) => c.runId === run!.id && c.state === "completed"),
    );
    const resumed = second.changes<Change>();
    expect(second.text).not.toContain("event: resync");
    // no event twice, and the two streams together hold every change a stream open throughout got
    const ids = [...seen, ...resumed].map((c) => c._id);
    expect(new Set(ids).size).toBe(ids.length);
    const whole = new SseReader(openEventStream({ ctx: t.customerCtx, input: { lastEventId: seen[0]._id } }));
    await whole.until((r) => r.events.some((e) => e.event === "ready"));
    expect(ids.slice(1)).toEqual(whole.changes().map((c) => c._id));
    // what happened while disconnected arrived on resume: the slow node's end and the run's
    expect(seen.some((c) => c.state === "completed")).toBe(false);
    expect(resumed.at(-1)).toMatchObject({ state: "completed", nodes: { slow: { state: "completed" } } });
    await second.cancel();
    await whole.cancel();
    expect(await waitForRunEnd(env.db, run!.id)).toBe("completed");
  });

  it("asks an unknown Last-Event-ID to resynchronise, and limits streams per caller", async () => {
    const t = await makeTenantWithInstance(env.db, slowFlowNodes(env.peer.url(1)));
    const s = new SseReader(openEventStream({ ctx: t.customerCtx, input: { lastEventId: "gone-42" } }));
    await s.until((r) => r.events.some((e) => e.event === "ready"));
    expect(s.events[0].event).toBe("resync");
    await s.cancel();
    const open = Array.from(
      { length: STREAMS_PER_CALLER.customer },
      () => new SseReader(openEventStream({ ctx: t.customerCtx, input: {} })),
    );
    expect(() => openEventStream({ ctx: t.customerCtx, input: {} })).toThrow(/Too many open event streams/);
    await open[0].cancel();
    const again = new SseReader(openEventStream({ ctx: t.customerCtx, input: {} }));
    await Promise.all([...open.slice(1), again].map((r) => r.cancel()));
  });
});

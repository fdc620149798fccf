import { expect, test } from "@playwright/test";
import { adminToken, api, env } from "../fixtures";
import { customerWithInstance } from "../ui-embed/helpers";
import { SseReader } from "../../tests/engine/fixtures/sse";
import { startHeldPeer } from "../held-peer";

// Resume over HTTP against the production server: a customer's stream is cut right after the first node's
// event of a run whose middle node waits on a local peer; the run goes on and ends while nobody listens;
// a reconnect with the last event id gets exactly what was missed, so the two connections together hold
// every state change a connection open throughout saw, in the same order.

type Change = {
  type: string;
  runId?: string;
  state?: string;
  nodes?: Record<string, { state: string }>;
  _id: string;
};

/** GET /api/events as a byte stream (optionally resuming with the Last-Event-ID header). */
async function openStream(token: string, lastEventId?: string) {
  const res = await fetch(`${env.appUrl}/api/events`, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: "text/event-stream",
      ...(lastEventId ? { "last-event-id": lastEventId } : {}),
    },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = new SseReader(res.body!);
  await reader.until((r) => r.events.some((e) => e.event === "ready"));
  return reader;
}

test("a stream cut mid-run and resumed with Last-Event-ID misses no state change", async () => {
  const peer = await startHeldPeer();
  const streams: SseReader[] = [];
  try {
    const customer = await customerWithInstance("resume");
    // Customers may not add nodes: the admin gives this instance its three-node flow.
    const patched = await api(await adminToken(), "PATCH", `/flow-instances/${customer.instanceId}`, {
      nodes: {
        trigger: { type: "api-trigger", links: [{ key: "fetch" }] },
        fetch: {
          type: "custom-http-request",
          config: { url: peer.url(), method: "GET", timeout: 60_000 },
          links: [{ key: "finish" }],
        },
        finish: { type: "transform-data", config: { output: { done: true } } },
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    // A witness connection stays open throughout; the other one is cut after the first node's event.
    const witness = await openStream(customer.token);
    const cut = await openStream(customer.token);
    streams.push(witness, cut);
    const started = await api(customer.token, "POST", "/flow-runs", {
      flowInstanceId: customer.instanceId,
      input: { firstName: "Re", lastName: "Sume", email: "resume@example.com" },
    });
    expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
    const runId = started.body.id as string;
    const ofRun = (r: SseReader) => r.changes<Change>().filter((c) => c.runId === runId);

    await cut.until((r) => ofRun(r).some((c) => c.nodes?.trigger?.state === "completed"));
    const beforeCut = ofRun(cut).slice(0, ofRun(cut).findIndex((c) => c.nodes?.trigger) + 1);
    const lastSeen = beforeCut.at(-1)!._id;
    await cut.cancel();
    await cut.done;
    expect(beforeCut.some((c) => c.state === "completed")).toBe(false);

    // While nobody listens on that connection, the middle node gets its answer and the run ends.
    peer.release();
    await expect
      .poll(async () => (await api(customer.token, "GET", `/flow-runs/${runId}`)).body.state, {
        timeout: 30_000,
      })
      .toBe("completed");
    await witness.until((r) => ofRun(r).some((c) => c.state === "completed"));

    const resumed = await openStream(customer.token, lastSeen);
    streams.push(resumed);
    expect(resumed.events.some((e) => e.event === "resync")).toBe(false);
    // Replay comes before `ready`, and the `ready` id is the last replayed one (where to resume next).
    const ready = resumed.events.find((e) => e.event === "ready")!;
    const replayed = ofRun(resumed);
    expect(replayed.length).toBeGreaterThan(0);
    expect(ready.id).toBe(resumed.changes<Change>().at(-1)!._id);

    // No event twice; the union is the witness's sequence for this run, event for event, in order.
    const union = [...beforeCut, ...replayed];
    expect(new Set(union.map((c) => c._id)).size).toBe(union.length);
    expect(union).toEqual(ofRun(witness));
    // …which is every state change of the run: queued, running with node progress, then completed.
    const states = union.map((c) => c.state);
    expect(states[0]).toBe("queued");
    expect(states.at(-1)).toBe("completed");
    const fetchStates = union.map((c) => c.nodes?.fetch?.state).filter(Boolean);
    expect(fetchStates[0]).toBe("running");
    expect(fetchStates.at(-1)).toBe("completed");
    expect(union.at(-1)!.nodes?.finish?.state).toBe("completed");
    // The missed part (the middle node's end and the run's end) came on the resumed connection alone.
    expect(replayed.at(-1)).toMatchObject({ state: "completed", nodes: { fetch: { state: "completed" } } });
  } finally {
    await Promise.all(streams.map((s) => s.cancel()));
    await peer.close();
  }
});

test("a Last-Event-ID the server no longer has answers `resync` before `ready`", async () => {
  const customer = await customerWithInstance("resync");
  const s = await openStream(customer.token, "0000dead-1");
  try {
    const names = s.events.map((e) => e.event);
    expect(names.indexOf("resync")).toBeGreaterThanOrEqual(0);
    expect(names.indexOf("resync")).toBeLessThan(names.indexOf("ready"));
    expect(JSON.parse(s.events[names.indexOf("resync")].data)).toHaveProperty("reason");
  } finally {
    await s.cancel();
  }
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createScratchDatabase } from "./pg";
import { createPgRunNotifier, listenForRuns, RUNS_CHANNEL } from "@/lib/engine/pg-notify";

// Needs PostgreSQL (see tests/engine/pg.ts): creates and drops its own database.

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("run wake-up through NOTIFY/LISTEN", () => {
  it("coalesces notifications: at most one NOTIFY in flight, one more for everything that came meanwhile", async () => {
    const sent: (() => void)[] = [];
    const notify = createPgRunNotifier({ query: () => new Promise<void>((r) => sent.push(r)) });
    notify();
    notify();
    notify();
    expect(sent).toHaveLength(1);
    sent[0]();
    await waitFor(() => sent.length === 2);
    sent[1]();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(2);
    notify();
    expect(sent).toHaveLength(3);
  });

  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    scratch = await createScratchDatabase("flowdeck_notify");
    pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  it("delivers notifications to the listener and reconnects after the connection is killed", async () => {
    let calls = 0;
    const logs: string[] = [];
    const listener = listenForRuns(scratch.url, () => calls++, {
      minBackoffMs: 50,
      log: (m) => logs.push(m),
    });
    try {
      await waitFor(() => listener.connected);
      expect(calls).toBe(1); // the catch-up call after connecting
      const notify = createPgRunNotifier(pool);
      notify();
      await waitFor(() => calls === 2);

      // Kill the LISTEN connection server-side; the listener reconnects and catches up.
      await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query = 'LISTEN ${RUNS_CHANNEL}' AND pid <> pg_backend_pid()`,
      );
      await waitFor(() => logs.some((l) => l.includes("connection lost")));
      await waitFor(() => listener.connected && calls === 3);
      notify();
      await waitFor(() => calls === 4);
    } finally {
      await listener.close();
    }
    expect(listener.connected).toBe(false);
  });
});

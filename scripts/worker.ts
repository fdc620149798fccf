// `npm run worker`: a stand-alone worker process that runs the flow runs queued in PostgreSQL. Every queued
// run is a graphile-worker job (`run_flow`, added in the run's transaction); this process runs a
// graphile-worker runner (LISTEN/NOTIFY pick-up, batched job fetch and completion) whose task claims the
// run (fenced by run id, worker id and attempt) and executes it. Start as many as you like next to app
// servers running with WORKER=off; they coordinate through the database only (job locks, heartbeats, a
// sweeper that requeues runs of dead workers, graphile's crontab for schedules: once per tick overall).
//
// Configuration comes from lib/env.ts (DATABASE_URL, WORKER_CONCURRENCY, RUN_MAX_ATTEMPTS, WORKSPACE_SECRET, …).
// Tuning knobs read only here (optional, mostly for tests and benchmarks):
//   WORKER_HEARTBEAT_MS   how often running runs are heartbeated (default 2000)
//   WORKER_STALE_SECONDS  a run whose heartbeat is older than this is considered orphaned (default 30)
//   WORKER_POLL_MS        graphile-worker's poll interval, the fallback to LISTEN (default 2000)
//   WORKER_LOCAL_QUEUE    jobs fetched (and locked) per query; 1 turns batching off (default 2 × concurrency)
//   WORKER_SCHEDULES      on|off: take part in the schedule crontab from this process (default on)
//   WORKER_STOP_DEADLINE_MS  graceful-shutdown deadline on SIGTERM/SIGINT (default 10000)
import { getEnv } from "@/lib/env";
import { getDbHandle } from "@/lib/db/client";
import { Worker } from "@/lib/engine/worker";
import { engineEnv, engineFireSchedules } from "@/lib/server/boot";
import { credentialsKeyMatches } from "@/lib/engine/store/context";
import { startChangeFeed } from "@/lib/engine/changes";

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(
      `Invalid configuration:\n  ${name}: must be an integer between ${min} and ${max}, got "${raw}"`,
    );
  }
  return n;
}

// A rejected promise nobody awaited (e.g. a query that failed while the database restarted) is logged, not
// fatal: every write is fenced and the sweeper recovers runs, so the worker keeps serving.
process.on("unhandledRejection", (err) =>
  console.error("[worker] unhandled rejection:", (err as Error)?.stack ?? String(err)),
);

async function main() {
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is required: worker processes share a PostgreSQL database with the app servers. " +
        "The embedded (PGlite) database is single-process; its worker runs inside the app (WORKER=on).",
    );
  }
  const heartbeatMs = intEnv("WORKER_HEARTBEAT_MS", 2000, 50, 600_000);
  const staleSeconds = intEnv("WORKER_STALE_SECONDS", 30, 1, 86_400);
  const pollMs = intEnv("WORKER_POLL_MS", 2000, 5, 600_000);
  const localQueueSize = intEnv("WORKER_LOCAL_QUEUE", env.WORKER_CONCURRENCY * 2, 1, 10_000);
  const deadlineMs = intEnv("WORKER_STOP_DEADLINE_MS", 10_000, 0, 3_600_000);
  if (staleSeconds * 1000 <= heartbeatMs * 2) {
    throw new Error(
      `Invalid configuration:\n  WORKER_STALE_SECONDS (${staleSeconds}) must be well above WORKER_HEARTBEAT_MS (${heartbeatMs} ms), ` +
        "or live runs would be swept as orphaned",
    );
  }

  const { db, kind, close } = await getDbHandle();
  if (!(await credentialsKeyMatches(db))) {
    await close();
    throw new Error(
      "WORKSPACE_SECRET does not match the one the app servers encrypt connection credentials with: " +
        "give this worker the app's WORKSPACE_SECRET (or the same DATA_DIR/secrets.json). " +
        "Every run that uses a connection would fail otherwise.",
    );
  }
  // Run events (GET /api/events on the app servers) leave this process as NOTIFY batches.
  startChangeFeed(db, { listen: false });
  if (!env.APP_URL)
    console.warn(
      `[worker] APP_URL is not set: the Sandbox CRM and api-request-to-your-app nodes will call http://127.0.0.1:${env.PORT}; ` +
        "set APP_URL to the app servers' address.",
    );
  const worker = new Worker({
    db,
    concurrency: env.WORKER_CONCURRENCY,
    maxAttempts: env.RUN_MAX_ATTEMPTS,
    retentionDays: env.RUN_RETENTION_DAYS,
    pollMs,
    heartbeatMs,
    staleSeconds,
    ...(process.env.WORKER_SCHEDULES !== "off" && { fireSchedules: engineFireSchedules }),
    localQueueSize,
    env: engineEnv(),
  }).start();
  await worker.ready();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(
      `[worker] ${worker.id} received ${signal}: finishing ${worker.activeCount} run(s), deadline ${deadlineMs} ms`,
    );
    try {
      await worker.stop(deadlineMs);
      await close();
    } catch (err) {
      console.error("[worker] shutdown error:", (err as Error).message);
    }
    console.log(`[worker] ${worker.id} stopped`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Only now say "started": whoever waits for this line may send SIGTERM right away.
  console.log(
    `[worker] ${worker.id} started (${kind}, graphile-worker, concurrency ${env.WORKER_CONCURRENCY}, local queue ${localQueueSize}, heartbeat ${heartbeatMs} ms, stale after ${staleSeconds} s, LISTEN + poll ${pollMs} ms)`,
  );
}

main().catch((err) => {
  const cause = (err as Error).cause as Error | undefined;
  console.error(
    `[worker] cannot start: ${(err as Error).message.trim()}${cause?.message ? ` (${cause.message})` : ""}`,
  );
  process.exit(1);
});

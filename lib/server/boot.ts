import { getDbHandle, type Db } from "../db/client";
import { appUrl, getEnv } from "../env";
import { describeError } from "../core/errors";
import { Worker } from "../engine/worker";
import { fireSchedules } from "../services/flow-runs/fire-schedules";
import { systemCtx } from "../services/system/system-ctx";
import { startChangeFeed } from "../engine/changes";
import { boundBacklog } from "../engine/backlog";
import { loadDemoWorkspace } from "./demo-workspace";

type Booted = { db: Db; worker?: Worker };
const g = globalThis as unknown as { __flowdeckBoot?: Promise<Booted> };

export function engineEnv() {
  const env = getEnv();
  return {
    appUrl: appUrl(env),
    workspaceKey: env.WORKSPACE_KEY,
    workspaceSecret: env.WORKSPACE_SECRET,
    sandboxTimeoutMs: env.SANDBOX_TIMEOUT_MS,
    sandboxMemoryMb: env.SANDBOX_MEMORY_MB,
    outboundAllowHosts: env.OUTBOUND_ALLOW_HOSTS,
  };
}

/** The engine's schedule hook: the `fireSchedules` verb, acting as the engine (`systemCtx`). */
export const engineFireSchedules = (db: Db, now: Date) =>
  fireSchedules({ ctx: systemCtx(db), input: { now } });

/**
 * Graceful shutdown of the in-process worker on SIGTERM/SIGINT, as `npm run worker` does: stop claiming,
 * let running runs finish until WORKER_STOP_DEADLINE_MS (default 10 s), hand back the rest. Next.js
 * registers its own handler, which closes the HTTP server and then calls process.exit: that exit waits
 * until the worker has stopped. Without Next's handler (NEXT_MANUAL_SIG_HANDLE, or a plain Node process)
 * the process exits once the worker stopped.
 */
function stopWorkerOnSignals(worker: Worker) {
  const raw = Number(process.env.WORKER_STOP_DEADLINE_MS ?? 10_000);
  const deadlineMs = Number.isFinite(raw) && raw >= 0 ? raw : 10_000;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      console.log(
        `[flowdeck] stopping the worker: ${worker.activeCount} run(s) running, deadline ${deadlineMs} ms`,
      );
      await worker
        .stop(deadlineMs)
        .catch((err) => console.error("[flowdeck] worker stop:", (err as Error).message));
      console.log("[flowdeck] worker stopped");
    })());
  const exit = process.exit.bind(process);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      process.exit = ((code?: number) => void stop().finally(() => exit(code))) as typeof process.exit;
      void stop().finally(() => {
        if (process.listenerCount(signal) === 0) exit(signal === "SIGINT" ? 130 : 0);
      });
    });
  }
}

/** Opens and migrates the database, loads the demo workspace once, starts the in-process worker. */
export function boot(): Promise<Booted> {
  if (!g.__flowdeckBoot) {
    g.__flowdeckBoot = (async () => {
      const env = getEnv();
      const { db, kind } = await getDbHandle();
      if (env.generated.length) {
        console.log(
          `[flowdeck] generated ${env.generated.join(", ")} (kept in ${env.DATA_DIR}/secrets.json)`,
        );
        if (env.generated.includes("ADMIN_PASSWORD"))
          console.log(`[flowdeck] console password: ${env.ADMIN_PASSWORD}`);
      }
      // The change stream (GET /api/events) hears the other app servers and worker processes.
      startChangeFeed(db);
      if (env.SEED_DEMO === "on") await loadDemoWorkspace(db);
      let worker: Worker | undefined;
      if (env.WORKER === "on") {
        worker = new Worker({
          db,
          concurrency: env.WORKER_CONCURRENCY,
          maxAttempts: env.RUN_MAX_ATTEMPTS,
          retentionDays: env.RUN_RETENTION_DAYS,
          env: engineEnv(),
          fireSchedules: engineFireSchedules,
        }).start();
        await worker.ready();
        stopWorkerOnSignals(worker);
        boundBacklog(db, env.RUN_BACKLOG_LIMIT, env.RUN_BACKLOG_SECONDS);
      }
      console.log(`[flowdeck] ready (${kind} database, worker ${env.WORKER})`);
      return { db, worker };
    })();
    g.__flowdeckBoot.catch((err) => {
      console.error("[flowdeck] start-up failed:", describeError(err));
      g.__flowdeckBoot = undefined;
    });
  }
  return g.__flowdeckBoot;
}

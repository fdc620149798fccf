import { getDbHandle, type Db } from "../db/client";
import { getEnv } from "../env";
import { Worker } from "../engine/worker";
import { loadDemoWorkspace } from "./demo-workspace";

type Booted = { db: Db; worker?: Worker };
const g = globalThis as unknown as { __flowdeckBoot?: Promise<Booted> };

export function appUrl(): string {
  const env = getEnv();
  return env.APP_URL ?? `http://127.0.0.1:${env.PORT}`;
}

export function engineEnv() {
  const env = getEnv();
  return {
    appUrl: appUrl(),
    workspaceKey: env.WORKSPACE_KEY,
    workspaceSecret: env.WORKSPACE_SECRET,
    sandboxTimeoutMs: env.SANDBOX_TIMEOUT_MS,
    sandboxMemoryMb: env.SANDBOX_MEMORY_MB,
  };
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
      if (env.SEED_DEMO === "on") await loadDemoWorkspace(db);
      let worker: Worker | undefined;
      if (env.WORKER === "on") {
        worker = new Worker({
          db,
          concurrency: env.WORKER_CONCURRENCY,
          maxAttempts: env.RUN_MAX_ATTEMPTS,
          retentionDays: env.RUN_RETENTION_DAYS,
          env: engineEnv(),
        }).start();
      }
      console.log(`[flowdeck] ready (${kind} database, worker ${env.WORKER})`);
      return { db, worker };
    })();
    g.__flowdeckBoot.catch((err) => {
      console.error("[flowdeck] start-up failed:", (err as Error).message);
      g.__flowdeckBoot = undefined;
    });
  }
  return g.__flowdeckBoot;
}

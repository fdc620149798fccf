import type pg from "pg";
import { sql } from "drizzle-orm";
import { rows, type DbOrTx } from "./types";

// PostgreSQL mode: runs are queued with graphile-worker (schema `graphile_worker`, installed by its own
// migrations) in the same database. A trigger on `flow_runs` adds one `run_flow` job whenever a run
// becomes `queued` — when it is inserted (API, schedule, app event, repeat), and when the sweeper or a
// stopping worker hands it back — in the same transaction as the row change, so a run is a row AND a job
// before it is acknowledged, or neither. Runs inserted by one statement share jobs (`{runIds}`, up to
// RUNS_PER_JOB each); a requeued run gets a job of its own (`{runId}`) with the job key `run:<id>`, which
// keeps one pending job per run: adding it again replaces a job that has not started, and a job that
// already started (locked) loses its key and a fresh one is added (graphile's `add_job` "replace"
// semantics). A job whose run is no longer queued is a no-op, so a run with two jobs runs once.

export const QUEUE_SCHEMA = "graphile_worker";
export const RUN_TASK = "run_flow";
export const SCHEDULES_TASK = "fire_schedules";

// Bump when the SQL below changes: processes install it once per version (under an advisory lock).
const TRIGGER_VERSION = "flowdeck-queue-v3";
/** Runs per job for runs inserted together (requeued runs get a job each). */
export const RUNS_PER_JOB = 10;

/** Max attempts graphile gives a run job (the run's own attempts are counted by the engine). */
const JOB_MAX_ATTEMPTS = 25;

/** The job of one requeued run, `idExpr` being the SQL of its id: the one definition of that add_job call. */
const addRunJob = (idExpr: string) =>
  `${QUEUE_SCHEMA}.add_job('${RUN_TASK}', json_build_object('runId', ${idExpr}),
    job_key := 'run:' || ${idExpr}, max_attempts := ${JOB_MAX_ATTEMPTS})`;

const INSTALL_TRIGGER = `
CREATE OR REPLACE FUNCTION flowdeck_enqueue_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ${addRunJob("NEW.id")};
  RETURN NULL;
END $$;
-- Inserts: one job per ${RUNS_PER_JOB} runs inserted by one statement ({runIds: […]}, no job key), added with
-- one add_jobs call (graphile's NOTIFY payload is random, so per-row add_job calls would notify per row).
-- A group-committed insert of many runs costs one job insert and one NOTIFY, and workers fetch, lock and
-- delete one job per chunk instead of one per run.
CREATE OR REPLACE FUNCTION flowdeck_enqueue_inserted_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ${QUEUE_SCHEMA}.add_jobs(array_agg(ROW('${RUN_TASK}', json_build_object('runIds', ids), NULL, NULL,
    ${JOB_MAX_ATTEMPTS}, NULL, NULL, NULL)::${QUEUE_SCHEMA}.job_spec))
  FROM (
    SELECT array_agg(id ORDER BY id) AS ids
    FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / ${RUNS_PER_JOB} AS chunk FROM new_runs
          WHERE state = 'queued') r
    GROUP BY chunk
  ) chunks
  HAVING count(*) > 0;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION flowdeck_enqueue_run() IS '${TRIGGER_VERSION}';
DROP TRIGGER IF EXISTS flowdeck_enqueue_run_insert ON flow_runs;
CREATE TRIGGER flowdeck_enqueue_run_insert AFTER INSERT ON flow_runs REFERENCING NEW TABLE AS new_runs
  FOR EACH STATEMENT EXECUTE FUNCTION flowdeck_enqueue_inserted_runs();
DROP TRIGGER IF EXISTS flowdeck_enqueue_run_requeue ON flow_runs;
CREATE TRIGGER flowdeck_enqueue_run_requeue AFTER UPDATE OF state ON flow_runs
  FOR EACH ROW WHEN (NEW.state = 'queued' AND OLD.state IS DISTINCT FROM 'queued')
  EXECUTE FUNCTION flowdeck_enqueue_run();
`;

/** A graphile-worker logger that keeps warnings and errors only (it logs every job at info level). */
export async function quietGraphileLogger(prefix = "[queue]") {
  const { Logger } = await import("graphile-worker");
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") console.error(prefix, message);
  });
}

/**
 * Runs graphile-worker's migrations and installs the enqueue trigger (part of `open()`'s migrate step on
 * PostgreSQL; safe to call from many processes at once).
 */
export async function migrateQueue(pool: pg.Pool): Promise<void> {
  const { runMigrations } = await import("graphile-worker");
  await runMigrations({ pgPool: pool, logger: await quietGraphileLogger() });
  const current = await pool.query<{ v: string | null }>(
    "SELECT obj_description(to_regprocedure('flowdeck_enqueue_run()'), 'pg_proc') AS v",
  );
  if (current.rows[0]?.v === TRIGGER_VERSION) return;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('flowdeck_enqueue_run'))");
    const again = await client.query<{ v: string | null }>(
      "SELECT obj_description(to_regprocedure('flowdeck_enqueue_run()'), 'pg_proc') AS v",
    );
    if (again.rows[0]?.v !== TRIGGER_VERSION) await client.query(INSTALL_TRIGGER);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Jobs of the queue (PostgreSQL): waiting (runnable now or later) and locked (fetched or running). */
export async function queueJobCounts(db: DbOrTx): Promise<{ waiting: number; locked: number }> {
  const [r] = await rows<{ waiting: number; locked: number }>(
    db,
    sql.raw(`SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts)::int AS waiting,
                    count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS locked
             FROM ${QUEUE_SCHEMA}._private_jobs`),
  );
  return { waiting: Number(r?.waiting ?? 0), locked: Number(r?.locked ?? 0) };
}

/**
 * PostgreSQL: gives a fresh `run_flow` job to queued runs that have no job that will run — their job was
 * locked (fetched into a local queue, or started) by a worker that died more than `staleSeconds` ago
 * (graphile itself unlocks such jobs only after 4 hours), or it failed for good. Returns how many.
 */
export async function requeueJoblessRuns(db: DbOrTx, staleSeconds: number): Promise<number> {
  // A job carries one run (`runId`, a requeue) or the runs inserted together (`runIds`).
  const res = await rows(
    db,
    sql.raw(`
    WITH live AS (
      SELECT j.payload FROM ${QUEUE_SCHEMA}._private_jobs j
      JOIN ${QUEUE_SCHEMA}._private_tasks t ON t.id = j.task_id AND t.identifier = '${RUN_TASK}'
      WHERE j.attempts < j.max_attempts
        AND (j.locked_at IS NULL OR j.locked_at > now() - make_interval(secs => ${Number(staleSeconds)}))
    ),
    covered AS (
      SELECT payload->>'runId' AS id FROM live WHERE payload->>'runId' IS NOT NULL
      UNION ALL
      SELECT json_array_elements_text(payload->'runIds') FROM live WHERE json_typeof(payload->'runIds') = 'array'
    )
    SELECT ${addRunJob("fr.id")} AS job
    FROM flow_runs fr
    WHERE fr.state = 'queued' AND NOT EXISTS (SELECT 1 FROM covered c WHERE c.id = fr.id)`),
  );
  return res.length;
}

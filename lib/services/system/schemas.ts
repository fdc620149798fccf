import { z } from "zod";

// The input of the metrics verb: this process's own counters, which the route reads and hands in.

const count = z.number().nonnegative();

export const getMetricsTextInput = z.object({
  /**
   * API reads: responses reused while the database was unchanged, or computed (lib/server/read-cache.ts); rows
   * of computed responses whose JSON was reused or built (lib/db/json-cache.ts).
   */
  apiReads: z.object({ reused: count, computed: count, rows: z.object({ reused: count, built: count }) }),
  /** Console sign-in attempts (lib/auth/login-throttle.ts). */
  signIns: z.object({ succeeded: count, failed: count, throttled: count }),
  /** API run requests admitted to the queue or refused with 429, and the bound (lib/engine/backlog.ts). */
  runIntake: z.object({ accepted: count, rejected: count, bound: count }),
});

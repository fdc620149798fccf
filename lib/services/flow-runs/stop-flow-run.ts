import { and, eq, sql } from "drizzle-orm";
import { flowRuns } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError } from "../../core/errors";
import { fetchRun, runToApi } from "./shared";
import { notifyStopRequested } from "../../engine/bus";
import { publishRunChanges } from "../../engine/changes";
import { recordLastRuns } from "../../engine/store/last-run";
import { audited } from "../audit/audited";
import { onCommit } from "../context";
import { defineVerb } from "../shared/define-verb";
import { runIdInput } from "./schemas";

/** A queued run stops at once; a running one is flagged and its worker aborts between nodes. */
export const stopFlowRun = defineVerb(runIdInput, ({ ctx, input }) =>
  audited<Awaited<ReturnType<typeof stopRun>>>(
    ctx,
    "stop",
    (tx) => stopRun(tx, input.id),
    (r) => ({ type: "flow-run", id: r.id, customerId: r.userId }),
  ),
);

async function stopRun(ctx: Ctx, id: string) {
  const run = await fetchRun(ctx, id);
  if (run.state === "queued") {
    const [stopped] = await ctx.db
      .update(flowRuns)
      .set({ state: "stopped", endTime: sql`now()`, stopRequested: true })
      .where(and(eq(flowRuns.id, run.id), eq(flowRuns.state, "queued")))
      .returning();
    if (stopped) {
      await recordLastRuns(ctx.db, [stopped]);
      onCommit(ctx, () => publishRunChanges([stopped]));
      return runToApi(stopped);
    }
  }
  const [flagged] = await ctx.db
    .update(flowRuns)
    .set({ stopRequested: true })
    .where(and(eq(flowRuns.id, run.id), eq(flowRuns.state, "running")))
    .returning();
  if (flagged) {
    onCommit(ctx, () => notifyStopRequested(run.id));
    return runToApi(flagged);
  }
  const latest = await fetchRun(ctx, run.id);
  if (latest.state === "stopped") return runToApi(latest);
  throw new BadRequestError(`Flow run is already ${latest.state}`);
}

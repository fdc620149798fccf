import type { DbOrTx } from "../db/client";
import type { Principal } from "../auth/principal";

/** Where a change came from, for the audit log. */
export type Channel = "api" | "console" | "embed" | "engine";

/** What every service verb receives: who is acting and the database (or the open transaction). */
export type Ctx = {
  principal: Principal;
  db: DbOrTx;
  requestId?: string;
  channel?: Channel;
  /** Set inside an audited transaction: work to do only once it has committed (e.g. waking the worker). */
  afterCommit?: (() => void)[];
};

/** Runs `fn` now, or after the surrounding transaction commits. */
export function onCommit(ctx: Ctx, fn: () => void) {
  if (ctx.afterCommit) ctx.afterCommit.push(fn);
  else fn();
}

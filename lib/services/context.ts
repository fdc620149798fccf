import type { DbOrTx } from "../db/client";
import type { Principal } from "../auth/principal";

/** What every service verb receives: who is acting and the database (or the open transaction). */
export type Ctx = { principal: Principal; db: DbOrTx; requestId?: string };

export type Verb<I, O> = (args: { ctx: Ctx; input: I }) => Promise<O>;

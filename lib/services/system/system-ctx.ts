import type { DbOrTx } from "../../db/client";
import type { Ctx } from "../context";

/** The engine's own principal (schedules, app events after the caller was checked). */
export const systemCtx = (db: DbOrTx): Ctx => ({ principal: { kind: "admin", via: "token" }, db });

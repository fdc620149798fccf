import type { DbOrTx } from "../../db/client";
import type { Ctx } from "../context";

/** The engine's own principal (schedules, demo workspace); its changes are not audited as user actions. */
export const systemCtx = (db: DbOrTx): Ctx => ({
  principal: { kind: "admin", via: "token" },
  db,
  channel: "engine",
});

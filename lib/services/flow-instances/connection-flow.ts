import type { Ctx } from "../context";
import { isId } from "../../core/ids";
import type { InstanceSelector } from "./shared";

/** `/connections/:c/flows/:f?instanceKey=` → an instance selector (`:c` id or integration key, `:f` flow id or key). */
export function connectionFlowSelector(
  _ctx: Ctx,
  c: string,
  f: string,
  instanceKey?: string,
): InstanceSelector {
  return {
    ...(isId(c) ? { connectionId: c } : { integrationKey: c }),
    ...(isId(f) ? { flowId: f } : { flowKey: f }),
    instanceKey,
  };
}

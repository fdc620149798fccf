import type { Ctx } from "../context";
import { NotFoundError } from "../../core/errors";
import {
  fetchInstance,
  findBySelector,
  instanceToApi,
  resolveSelector,
  type InstanceSelector,
  type InstanceWithFlow,
} from "./shared";
import { ensureInstance } from "./create-flow-instance";
import { audited } from "../audit/audited";

/** Resolves `{id}` or a flow + connection selector to an instance row (creating it when asked). */
export async function resolveInstance(
  ctx: Ctx,
  sel: InstanceSelector,
  opts: { autoCreate?: boolean } = {},
): Promise<InstanceWithFlow> {
  if (sel.id) return fetchInstance(ctx, sel.id);
  const r = await resolveSelector(ctx, sel);
  const found = await findBySelector(ctx, r);
  if (found) return found;
  if (!opts.autoCreate) throw new NotFoundError("Flow instance");
  const { instance } = await audited(
    ctx,
    "create",
    (tx) => ensureInstance(tx, r),
    (res) =>
      res.created
        ? { type: "flow-instance", id: res.instance.id, customerId: res.instance.customerId }
        : null,
  );
  return instance;
}

export async function getFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: InstanceSelector; autoCreate?: boolean };
}) {
  return instanceToApi(await resolveInstance(ctx, input.selector, { autoCreate: input.autoCreate }));
}

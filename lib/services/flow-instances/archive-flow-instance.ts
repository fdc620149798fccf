import type { Ctx } from "../context";
import { ConflictError } from "../../core/errors";
import { defineVerb } from "../shared/define-verb";
import { findBySelector, instanceToApi, type InstanceWithFlow } from "./shared";
import { instanceAction, resolveInstance, saveInstance, selectorOf } from "./instance-action";
import { archiveFlowInstanceInput } from "./schemas";

/** A restore must not make a second live instance for one (flow, connection, instanceKey). */
async function assertSelectorFree(ctx: Ctx, current: InstanceWithFlow) {
  const live = await findBySelector(ctx, current);
  if (live && live.id !== current.id)
    throw new ConflictError(
      `Flow instance ${live.id} is the live instance for this flow, connection and instanceKey: archive it before restoring ${current.id}`,
      "already_exists",
      { flowInstanceId: live.id },
    );
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return (e?.code ?? e?.cause?.code) === "23505";
};

/** Archives (or restores) an instance; archiving an archived one, or restoring a live one, changes nothing. */
export const archiveFlowInstance = defineVerb(archiveFlowInstanceInput, async ({ ctx, input }) => {
  try {
    return await instanceAction(ctx, input, input.restore ? "restore" : "archive", async (tx, current) => {
      if (!input.restore)
        return current.archivedAt
          ? instanceToApi(current)
          : saveInstance(tx, current, { archivedAt: input.at ?? new Date() });
      if (!current.archivedAt) return instanceToApi(current);
      await assertSelectorFree(tx, current);
      return saveInstance(tx, current, { archivedAt: null });
    });
  } catch (err) {
    // An instance auto-created for the selector between the check and the write: name it, as above.
    if (input.restore && isUniqueViolation(err))
      await assertSelectorFree(ctx, await resolveInstance(ctx, selectorOf(input)));
    throw err;
  }
});

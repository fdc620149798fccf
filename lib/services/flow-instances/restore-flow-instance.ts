import { NotFoundError } from "../../core/errors";
import {
  findArchivedBySelector,
  findBySelector,
  instanceKeyOf,
  instanceToApi,
  resolveSelector,
} from "./shared";
import { archiveFlowInstance } from "./archive-flow-instance";
import { defineVerb } from "../shared/define-verb";
import { restoreFlowInstanceInput } from "./schemas";

/**
 * `POST /flow-instance/restore?<selector>`. By id: that instance. By flow + connection: the most recently
 * archived instance of that selector; 409 naming the live one when the selector is taken again (restore
 * never makes two live instances); the live one itself when nothing is archived.
 */
export const restoreFlowInstance = defineVerb(restoreFlowInstanceInput, async ({ ctx, input }) => {
  const sel = input.selector;
  if (sel.id) return archiveFlowInstance({ ctx, input: { id: sel.id, restore: true } });
  const key = instanceKeyOf(await resolveSelector(ctx, sel));
  const archived = await findArchivedBySelector(ctx, key);
  if (archived) return archiveFlowInstance({ ctx, input: { id: archived.id, restore: true } });
  const live = await findBySelector(ctx, key);
  if (!live) throw new NotFoundError("Flow instance");
  return instanceToApi(live);
});

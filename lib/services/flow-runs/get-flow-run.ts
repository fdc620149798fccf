import type { FlowRunRow } from "../../db/schema";
import { toApi } from "../../core/api-fields";
import { runDetailTable } from "../../core/api-tables";
import { fetchRun } from "./shared";
import { fetchEmbedded, fetchRunInstance, type EmbeddedRows } from "../flow-instances/embedded";
import type { InstanceWithFlow } from "../flow-instances/shared";
import { defineVerb } from "../shared/define-verb";
import { runIdInput } from "./schemas";

/** `runDetailTable` of a run and the rows it embeds (the database writes the same JSON as `runDetailJson`). */
export const runDetailToApi = (
  run: FlowRunRow,
  flowInstance: InstanceWithFlow | undefined,
  e: EmbeddedRows,
) => toApi(runDetailTable, { ...run, flowInstance, ...e });

/** One run, with the SDK's embedded `flowInstance`, `user`, `connection` and `integration` (lists leave them out). */
export const getFlowRun = defineVerb(runIdInput, async ({ ctx, input }) => {
  const run = await fetchRun(ctx, input.id);
  const [flowInstance, e] = await Promise.all([
    fetchRunInstance(ctx, run.flowInstanceId),
    fetchEmbedded(ctx, run),
  ]);
  return runDetailToApi(run, flowInstance, e);
});

import { fetchRun, runToApi } from "./shared";
import { embeddedToApi, fetchEmbedded, fetchRunInstance } from "../flow-instances/embedded";
import { defineVerb } from "../shared/define-verb";
import { runIdInput } from "./schemas";

/** One run, with the SDK's embedded `flowInstance`, `user`, `connection` and `integration` (lists leave them out). */
export const getFlowRun = defineVerb(runIdInput, async ({ ctx, input }) => {
  const run = await fetchRun(ctx, input.id);
  const [flowInstance, e] = await Promise.all([
    fetchRunInstance(ctx, run.flowInstanceId),
    fetchEmbedded(ctx, run),
  ]);
  const { user, connection, integration } = embeddedToApi(e);
  return { ...runToApi(run), flowInstance, connection, integration, user };
});

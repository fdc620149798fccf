import { connectionToApi, fetchConnection } from "./shared";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { getConnectionInput } from "./schemas";

export const getConnection = defineVerb(getConnectionInput, async ({ ctx, input }) => {
  if (input.includeSecrets) requireAdmin(ctx, "includeSecrets");
  return connectionToApi(await fetchConnection(ctx, input.selector), {
    includeSecrets: input.includeSecrets,
  });
});

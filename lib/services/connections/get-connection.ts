import type { Ctx } from "../context";
import { connectionToApi, fetchConnection } from "./shared";
import { requireAdmin } from "../shared/access";

export async function getConnection({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { selector: string; includeSecrets?: boolean };
}) {
  if (input.includeSecrets) requireAdmin(ctx, "includeSecrets");
  return connectionToApi(await fetchConnection(ctx, input.selector), {
    includeSecrets: input.includeSecrets,
  });
}

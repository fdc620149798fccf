import type { Ctx } from "../context";
import { fetchIntegration, integrationToApi } from "./shared";

export async function getIntegration({ ctx, input }: { ctx: Ctx; input: { selector: string } }) {
  return integrationToApi(await fetchIntegration(ctx, input.selector));
}

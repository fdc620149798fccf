import type { Ctx } from "../context";
import { fetchFlow, flowToApi } from "./shared";

export async function getFlow({ ctx, input }: { ctx: Ctx; input: { selector: string } }) {
  return flowToApi(await fetchFlow(ctx, input.selector));
}

import type { Ctx } from "../context";
import { customerToApi, fetchCustomer } from "./shared";

export async function getCustomer({ ctx, input }: { ctx: Ctx; input: { selector: string } }) {
  return customerToApi(await fetchCustomer(ctx, input.selector));
}

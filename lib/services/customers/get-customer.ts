import { customerToApi, fetchCustomer } from "./shared";
import { defineVerb } from "../shared/define-verb";
import { getCustomerInput } from "./schemas";

export const getCustomer = defineVerb(getCustomerInput, async ({ ctx, input }) =>
  customerToApi(await fetchCustomer(ctx, input.selector)),
);

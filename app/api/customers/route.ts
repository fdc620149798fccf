import { route } from "@/lib/server/route";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { listCustomersQuery } from "@/lib/services/customers/schemas";
import { createCustomerBody } from "@/lib/services/customers/schemas";
import { createCustomer } from "@/lib/services/customers/create-customer";

export const dynamic = "force-dynamic";

export const GET = route({ query: listCustomersQuery }, ({ ctx, query }) =>
  listCustomers({ ctx, input: query }),
);
export const POST = route({ body: createCustomerBody, status: 201 }, ({ ctx, body }) =>
  createCustomer({ ctx, input: body }),
);

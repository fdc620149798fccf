import { connections } from "../../db/schema";
import { auditedElement } from "../audit/audited";
import type { z } from "zod";
import { defineVerb, type VerbArgs } from "../shared/define-verb";
import { BadRequestError } from "../../core/errors";
import { newId } from "../../core/ids";
import { encryptJson } from "../../auth/crypto";
import { fetchIntegration } from "../integrations/shared";
import { fetchCustomer } from "../customers/shared";
import { connectionToApi } from "./shared";
import { createConnectionBody } from "./schemas";

// Recorded in the audit log in the same transaction.
export const createConnection = defineVerb(
  createConnectionBody,
  auditedElement(
    "connection",
    "create",
    async ({ ctx, input }: VerbArgs<z.output<typeof createConnectionBody>>) => {
      const integrationSel = input.integrationId ?? input.integrationKey;
      if (!integrationSel) throw new BadRequestError("integrationId: required (or integrationKey)");
      const integration = await fetchIntegration(ctx, integrationSel);
      let customerId: string;
      if (ctx.principal.kind === "customer") customerId = ctx.principal.customerId;
      else {
        const sel = input.userId ?? input.customerId;
        if (!sel) throw new BadRequestError("userId: required with an admin token");
        customerId = (await fetchCustomer(ctx, sel)).id;
      }
      const [row] = await ctx.db
        .insert(connections)
        .values({
          id: newId(),
          name: input.name ?? integration.name,
          customerId,
          integrationId: integration.id,
          credentials: input.credentials ? encryptJson(input.credentials) : null,
        })
        .returning();
      return connectionToApi(row);
    },
  ),
);

import { fetchIntegration, integrationToApi } from "./shared";
import { defineVerb } from "../shared/define-verb";
import { getIntegrationInput } from "./schemas";

export const getIntegration = defineVerb(getIntegrationInput, async ({ ctx, input }) =>
  integrationToApi(await fetchIntegration(ctx, input.selector)),
);

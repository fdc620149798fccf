import type { ApiRequest } from "./route";
import { z } from "zod";
import { BadRequestError } from "../core/errors";

const seg = z.string().min(1).max(200);
export const idParams = z.object({ id: seg });
export const selParams = z.object({ sel: seg });
export const connParams = z.object({ c: seg });
export const connFlowParams = z.object({ c: seg, f: seg });
export const nodeParams = z.object({ id: seg, key: seg });
export const autoCreateQuery = z.object({
  autoCreate: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
  instanceKey: z.string().max(200).optional(),
});
export const includeSecretsQuery = z.object({
  includeSecrets: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
export const ifMatch = (req: Pick<ApiRequest, "headers">): number | undefined => {
  const raw = req.headers.get("if-match");
  if (raw === null) return undefined;
  const n = Number(raw.replace(/^W\//, "").replace(/"/g, ""));
  if (!Number.isInteger(n) || n < 0)
    throw new BadRequestError("If-Match: must be the instance revision (an integer)");
  return n;
};

import type { z } from "zod";

/**
 * A list page's query from its address: parsed with the list verb's own schema, or, when some parameter is
 * invalid, the unfiltered first page plus the names of the parameters that were ignored (shown to the user).
 */
export function parseListQuery<S extends z.ZodType>(
  schema: S,
  raw: Record<string, string | undefined>,
  limit: number,
): { query: z.infer<S>; invalid: string[] } {
  const parsed = schema.safeParse({ limit: String(limit), ...raw });
  if (parsed.success) return { query: parsed.data, invalid: [] };
  return {
    query: schema.parse({ limit: String(limit) }),
    invalid: [...new Set(parsed.error.issues.map((i) => i.path.join(".")))],
  };
}

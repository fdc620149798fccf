import type { z } from "zod";
import type { Ctx } from "../context";
import { BadRequestError } from "../../core/errors";

/**
 * A zod error as the API's 400 message: `field.path: message` per issue. `where` prefixes the path of
 * params and query (`query.limit: …`); a body's and a verb input's fields are named bare (`name: …`).
 */
export function zodMessage(where: string, err: z.ZodError): string {
  const bare = where === "body" || where === "input";
  return err.issues
    .map((i) => {
      const path = [bare ? "" : where, ...i.path.map(String)].filter(Boolean).join(".");
      return `${path || where}: ${i.message}`;
    })
    .join("; ");
}

export type VerbArgs<I> = { ctx: Ctx; input: I };

/**
 * A service verb that parses its own input: whoever calls it (a route, a server action, the engine, a
 * script) gets the same 400 `BadRequestError` naming the field, and `fn` only ever sees parsed input. The
 * schema stays reachable as `verb.input` (for the OpenAPI document and for routes that parse at the edge).
 */
export function defineVerb<S extends z.ZodType, R, E extends object = object>(
  schema: S,
  fn: (args: VerbArgs<z.output<S>> & E) => Promise<R>,
): ((args: VerbArgs<z.input<S>> & E) => Promise<R>) & { input: S } {
  const verb = async (args: VerbArgs<z.input<S>> & E): Promise<R> => {
    const parsed = schema.safeParse(args.input);
    if (!parsed.success) throw new BadRequestError(zodMessage("input", parsed.error));
    return fn({ ...args, input: parsed.data });
  };
  return Object.assign(verb, { input: schema });
}

// A field table says once how an API object is built from a row: which key reads which row field, in which
// order, and when a key is left out. Two readers derive the rest from it, so the two stay equal by
// construction: `toApi` (the object mappers, here) and `jsonProjection` (lib/db/api-json.ts: the SQL that
// has the database write the same JSON, for the hot reads). Row fields are the camelCase property names of
// the row type (for SQL, the keys of a column map). Pure: no database, no drizzle.

/** How one API key's value is read from the row. */
export type Expr =
  | { kind: "col"; field: string }
  | { kind: "time"; field: string }
  | { kind: "opt"; expr: Expr }
  | { kind: "nonEmpty"; field: string }
  | { kind: "differs"; a: string; b: string }
  | { kind: "coalesce"; a: Expr; b: Expr }
  | { kind: "object"; table: FieldTable }
  | { kind: "when"; field: string; expr: Expr }
  | { kind: "embed"; field: string; table: FieldTable };

/** API keys in the order the object has them (string keys keep their insertion order). */
export type FieldTable = { readonly [apiKey: string]: Expr };

declare const typeTag: unique symbol;
/** A value's TypeScript type where the row's is looser (`col("nodes", typed<FlowNodes>())`); types only. */
export type Typed<V> = { readonly [typeTag]: V };
export const typed = <V>() => undefined as unknown as Typed<V>;

declare const unsetTag: unique symbol;
type Unset = { readonly [unsetTag]: true };

// The value type lives only in the type system: what `typed` names, else `Unset` (the row field's own type).
type Col<F extends string, V> = { kind: "col"; field: F; readonly [typeTag]: V };
type Time<F extends string> = { kind: "time"; field: F };
type Opt<E extends Expr> = { kind: "opt"; expr: E };
type NonEmpty<F extends string> = { kind: "nonEmpty"; field: F };
type Differs<A extends string, B extends string> = { kind: "differs"; a: A; b: B };
type Coalesce<A extends Expr, B extends Expr> = { kind: "coalesce"; a: A; b: B };
type Obj<T extends FieldTable> = { kind: "object"; table: T };
type When<F extends string, E extends Expr> = { kind: "when"; field: F; expr: E };
type Embed<F extends string, T extends FieldTable> = { kind: "embed"; field: F; table: T };

/** The row field as is (a Date stays a Date). */
export const col = <F extends string, V = Unset>(field: F, _type?: Typed<V>) =>
  ({ kind: "col", field }) as Col<F, V>;
/** A timestamp: a Date in the object, ISO 8601 with milliseconds in JSON (as `Date#toJSON`). */
export const time = <F extends string>(field: F): Time<F> => ({ kind: "time", field });
/** Left out when null (`?? undefined`); for a json/jsonb column, JSON `null` counts as null. */
export const opt = <E extends Expr>(expr: E): Opt<E> => ({ kind: "opt", expr });
/** A text field left out when empty (`|| undefined`). */
export const nonEmpty = <F extends string>(field: F): NonEmpty<F> => ({ kind: "nonEmpty", field });
/** Whether two row fields differ (`!==`). */
export const differs = <A extends string, B extends string>(a: A, b: B): Differs<A, B> => ({
  kind: "differs",
  a,
  b,
});
/** `a`, or `b` where `a` is null. */
export const coalesce = <A extends Expr, B extends Expr>(a: A, b: B): Coalesce<A, B> => ({
  kind: "coalesce",
  a,
  b,
});
/** A nested object built from the same row. */
export const object = <T extends FieldTable>(table: T): Obj<T> => ({ kind: "object", table });
/** `expr` where the row field is not null, else left out. */
export const when = <F extends string, E extends Expr>(field: F, expr: E): When<F, E> => ({
  kind: "when",
  field,
  expr,
});
/** A nested object mapped from another row (the row field holds it); left out when that row is missing. */
export const embed = <F extends string, T extends FieldTable>(field: F, table: T): Embed<F, T> => ({
  kind: "embed",
  field,
  table,
});

// ---- Types: the row a table reads, and the object `toApi` returns.

type Prop<R, F> = F extends keyof R ? R[F] : never;
/** `R` where `when` has checked field `F`. */
type NonNull<R, F extends string> = Omit<R, F> & { [K in F]: NonNullable<Prop<R, F>> };

/** The TypeScript value of one key for a row type `R`. */
export type ValueOf<E, R> =
  E extends Col<infer F, infer V>
    ? [V] extends [Unset]
      ? Prop<R, F>
      : V
    : E extends Time<infer F>
      ? Prop<R, F>
      : E extends Opt<infer I>
        ? Exclude<ValueOf<I, R>, null> | undefined
        : E extends NonEmpty<infer F>
          ? Prop<R, F> | undefined
          : E extends Differs<string, string>
            ? boolean
            : E extends Coalesce<infer A, infer B>
              ? Exclude<ValueOf<A, R>, null> | ValueOf<B, R>
              : E extends Obj<infer T>
                ? ApiOf<T, R>
                : E extends When<infer F, infer I>
                  ? ValueOf<I, NonNull<R, F>> | undefined
                  : E extends Embed<infer F, infer T>
                    ? EmbedOf<T, Prop<R, F>>
                    : never;
type EmbedOf<T extends FieldTable, Sub> = Sub extends object ? ApiOf<T, Sub> : undefined;

/** What `toApi(table, row)` returns for a row of type `R` (absent keys are `undefined`). */
export type ApiOf<T extends FieldTable, R> = { [K in keyof T]: ValueOf<T[K], R> };

/** The row fields an expression reads directly (`D` bounds the depth: `Expr` itself is recursive). */
type FieldsOf<E, D extends 0[] = []> = D["length"] extends 5
  ? string
  : E extends Col<infer F, unknown>
    ? F
    : E extends Time<infer F>
      ? F
      : E extends NonEmpty<infer F>
        ? F
        : E extends Differs<infer A, infer B>
          ? A | B
          : E extends Opt<infer I>
            ? FieldsOf<I, [...D, 0]>
            : E extends Coalesce<infer A, infer B>
              ? FieldsOf<A, [...D, 0]> | FieldsOf<B, [...D, 0]>
              : E extends Obj<infer T>
                ? FieldsOf<T[keyof T], [...D, 0]>
                : E extends When<infer F, infer I>
                  ? F | FieldsOf<I, [...D, 0]>
                  : never;
type TableFields<T extends FieldTable> = FieldsOf<T[keyof T]>;
type EmbedsOf<T extends FieldTable> = {
  [K in keyof T as T[K] extends Embed<infer F, FieldTable> ? F : never]: T[K] extends Embed<string, infer S>
    ? S
    : never;
};

/** The row type a table reads: its fields, and each embedded row (missing allowed). */
export type RowFor<T extends FieldTable> = { [F in TableFields<T>]: unknown } & {
  [F in keyof EmbedsOf<T>]?: (EmbedsOf<T>[F] extends FieldTable ? RowFor<EmbedsOf<T>[F]> : never) | null;
};

/** A map from each row field a table reads to a `Leaf` (a column), and from each embed to its own map. */
export type ColumnsFor<T extends FieldTable, Leaf> = { [F in TableFields<T>]: Leaf } & {
  [F in keyof EmbedsOf<T>]: EmbedsOf<T>[F] extends FieldTable ? ColumnsFor<EmbedsOf<T>[F], Leaf> : never;
};

// ---- The object mapper.

type Row = Record<string, unknown>;
type Read = (row: Row) => unknown;

function reader(e: Expr): Read {
  switch (e.kind) {
    case "col":
    case "time": {
      const f = e.field;
      return (r) => r[f];
    }
    case "opt": {
      const inner = reader(e.expr);
      return (r) => inner(r) ?? undefined;
    }
    case "nonEmpty": {
      const f = e.field;
      return (r) => r[f] || undefined;
    }
    case "differs": {
      const { a, b } = e;
      return (r) => r[a] !== r[b];
    }
    case "coalesce": {
      const a = reader(e.a);
      const b = reader(e.b);
      return (r) => a(r) ?? b(r);
    }
    case "object":
      return compile(e.table);
    case "when": {
      const f = e.field;
      const inner = reader(e.expr);
      return (r) => (r[f] != null ? inner(r) : undefined);
    }
    case "embed": {
      const f = e.field;
      const sub = compile(e.table);
      return (r) => (r[f] != null ? sub(r[f] as Row) : undefined);
    }
  }
}

const compiled = new WeakMap<FieldTable, Read>();
function compile(table: FieldTable): Read {
  let fn = compiled.get(table);
  if (!fn) {
    const fields = Object.entries(table).map(([key, e]) => [key, reader(e)] as const);
    fn = (r) => {
      const out: Row = {};
      for (const [key, read] of fields) out[key] = read(r);
      return out;
    };
    compiled.set(table, fn);
  }
  return fn;
}

/** The API object of a row, as `table` defines it (the SQL twin is `jsonProjection` in lib/db/api-json.ts). */
export function toApi<T extends FieldTable, R extends RowFor<T>>(table: T, row: R): ApiOf<T, R> {
  return compile(table)(row as unknown as Row) as ApiOf<T, R>;
}

import { Column, getTableColumns, is, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { ColumnsFor, Expr, FieldTable } from "../core/api-fields";
import { instanceDetailTable, instanceTable, runDetailTable, runTable } from "../core/api-tables";
import {
  connections,
  customers,
  flowInstances,
  flowRuns,
  flows,
  integrations,
  type FlowInstanceRow,
} from "./schema";

// Hot API reads (instance/run lists and gets) have the database write the response JSON: the process then
// passes a few text columns through instead of parsing every column, building objects, mapping them and
// serialising them again. The SQL is derived from the same field tables as the object mappers
// (lib/core/api-tables.ts, `toApi`), so both write the same keys in the same order and leave out the same ones;
// `tests/services/api-json.test.ts` checks the two readings agree on every kind of row.

type Field = [key: string, value: SQL, opts?: { omitNull: true }];

const sqlString = (key: string) => {
  if (!/^[A-Za-z]+$/.test(key)) throw new Error(`jsonObjectText: unsupported key ${key}`);
  return sql.raw(`'${key}'`);
};

/**
 * SQL text of a JSON object with these keys in this order. `omitNull` keys are left out when the value is SQL
 * NULL, as `JSON.stringify` leaves out `undefined`; other NULLs are written as `null`.
 */
export function jsonObjectText(fields: Field[]): SQL {
  // Consecutive always-present keys go through one json_build_object, whose braces are cut off; every piece
  // starts with ", " and the first two characters are dropped at the end.
  const pieces: SQL[] = [];
  let run: SQL[] = [];
  const flush = () => {
    if (!run.length) return;
    pieces.push(sql`', ' || left(substr(json_build_object(${sql.join(run, sql`, `)})::text, 2), -1)`);
    run = [];
  };
  for (const [key, value, opts] of fields) {
    if (opts?.omitNull) {
      flush();
      pieces.push(sql`coalesce(${sql.raw(`', "${key}" : '`)} || to_json(${value})::text, '')`);
    } else run.push(sql`${sqlString(key)}, ${value}`);
  }
  flush();
  return sql`('{' || substr(${sql.join(pieces, sql` || `)}, 3) || '}')`;
}

/** The same object as a `json` value (to nest it); json_build_object itself when no key can be left out. */
function jsonObject(fields: Field[]): SQL {
  if (fields.some(([, , opts]) => opts?.omitNull)) return sql`(${jsonObjectText(fields)})::json`;
  return sql`json_build_object(${sql.join(
    fields.map(([key, value]) => sql`${sqlString(key)}, ${value}`),
    sql`, `,
  )})`;
}

/** A timestamptz as `Date#toJSON()` writes it (UTC, milliseconds). */
export const isoTime = (col: SQLWrapper) =>
  sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Row field → column (or SQL); an embedded row's field → that row's own map. */
type Columns = { readonly [field: string]: SQLWrapper | Columns };

const isLeaf = (c: SQLWrapper | Columns | undefined): c is SQLWrapper =>
  c !== undefined && typeof (c as SQLWrapper).getSQL === "function";

function leaf(columns: Columns, field: string): SQLWrapper {
  const c = columns[field];
  if (!isLeaf(c)) throw new Error(`jsonProjection: no column for ${field}`);
  return c;
}

/** A column's value with JSON `null` read as SQL NULL (as drizzle reads it: `null`, then `?? undefined`). */
function jsonNullAsNull(c: SQLWrapper): SQL {
  if (is(c, Column) && c.getSQLType() === "jsonb") return sql`nullif(${c}, 'null'::jsonb)`;
  // json keeps its text (key order, see schema.ts) and has no `=`: JSON null is found by its text.
  if (is(c, Column) && c.getSQLType() === "json") return sql`nullif(${c}::text, 'null')::json`;
  return sql`${c}`;
}

/** One key's value; `optional`: left out when NULL. */
function value(e: Expr, columns: Columns): { value: SQL; optional?: true } {
  switch (e.kind) {
    case "col":
      return { value: sql`${leaf(columns, e.field)}` };
    case "time":
      return { value: isoTime(leaf(columns, e.field)) };
    case "opt":
      return {
        value:
          e.expr.kind === "col" ? jsonNullAsNull(leaf(columns, e.expr.field)) : value(e.expr, columns).value,
        optional: true,
      };
    case "nonEmpty":
      return { value: sql`nullif(${leaf(columns, e.field)}, '')`, optional: true };
    case "differs":
      return { value: sql`${leaf(columns, e.a)} <> ${leaf(columns, e.b)}` };
    case "coalesce":
      return { value: sql`coalesce(${value(e.a, columns).value}, ${value(e.b, columns).value})` };
    case "object":
      return { value: jsonObject(fieldsOf(e.table, columns)) };
    case "when":
      return {
        value: sql`CASE WHEN ${leaf(columns, e.field)} IS NOT NULL THEN ${value(e.expr, columns).value} END`,
        optional: true,
      };
    case "embed": {
      const sub = columns[e.field];
      if (sub === undefined || isLeaf(sub)) throw new Error(`jsonProjection: no columns for ${e.field}`);
      // A left-joined row that is missing reads as NULL in every column: the key is left out.
      return {
        value: sql`CASE WHEN ${leaf(sub, "id")} IS NOT NULL THEN ${jsonObject(fieldsOf(e.table, sub))} END`,
        optional: true,
      };
    }
  }
}

function fieldsOf(table: FieldTable, columns: Columns): Field[] {
  return Object.entries(table).map(([key, e]): Field => {
    const v = value(e, columns);
    return v.optional ? [key, v.value, { omitNull: true }] : [key, v.value];
  });
}

/** SQL text of `toApi(table, row)`'s JSON, for the row these columns read. */
export function jsonProjection<T extends FieldTable>(table: T, columns: ColumnsFor<T, SQLWrapper>): SQL {
  return jsonObjectText(fieldsOf(table, columns as Columns));
}

// ---- The columns each read selects: the TS rows (`…ToApi`) and the SQL read the same ones.

/** An instance row with the fields of its flow a list item shows (`flow_instances` joined with `flows`). */
export const instanceColumns = {
  ...getTableColumns(flowInstances),
  latestFlowRevision: flows.revision,
  flowKey: flows.key,
  flowName: flows.name,
  parametersSchema: flows.parametersSchema,
};
export type InstanceWithFlow = FlowInstanceRow & {
  latestFlowRevision: string;
  flowKey: string;
  flowName: string;
  parametersSchema: Record<string, unknown> | null;
};
/** A single instance read also joins the instance's `flows`, `customers`, `connections`, `integrations` rows. */
const instanceDetailColumns = {
  ...instanceColumns,
  flow: getTableColumns(flows),
  user: getTableColumns(customers),
  connection: getTableColumns(connections),
  integration: getTableColumns(integrations),
};
/** A single run read left-joins its instance (with its flow) and the run's customer, connection, integration. */
const runDetailColumns = {
  ...getTableColumns(flowRuns),
  flowInstance: instanceColumns,
  user: getTableColumns(customers),
  connection: getTableColumns(connections),
  integration: getTableColumns(integrations),
};

/** `instanceToApi` of a `flow_instances` row joined with its `flows` row. */
export const instanceJson = jsonProjection(instanceTable, instanceColumns);
/** The versions of the two rows `instanceJson` reads (see `json-cache.ts`). */
export const instanceVersion = sql<string>`${flowInstances}.xmin::text || '.' || ${flows}.xmin::text`;

/** `instanceDetailToApi`: a single instance read, joined with its flow, connection, customer and integration. */
export const instanceDetailJson = jsonProjection(instanceDetailTable, instanceDetailColumns);
/** The versions of the five rows `instanceDetailJson` reads: a write to any of them changes the key. */
export const instanceDetailVersion = sql<string>`${instanceVersion} || '.' || ${connections}.xmin::text || '.' || ${customers}.xmin::text || '.' || ${integrations}.xmin::text`;

/** `runToApi` of a `flow_runs` row. */
export const runJson = jsonProjection(runTable, getTableColumns(flowRuns));
/** The version of the row `runJson` reads. */
export const runVersion = sql<string>`${flowRuns}.xmin::text`;

/** `runDetailToApi`: a single run read (see `runDetailColumns` for the joins). */
export const runDetailJson = jsonProjection(runDetailTable, runDetailColumns);
/** The versions of the six rows `runDetailJson` reads (`-` for a row the left joins did not find). */
export const runDetailVersion = sql<string>`${flowRuns}.xmin::text || '.' || ${sql.join(
  [flowInstances, flows, customers, connections, integrations].map(
    (t) => sql`coalesce(${t}.xmin::text, '-')`,
  ),
  sql` || '.' || `,
)}`;

import { z } from "zod";
import { BadRequestError } from "../../core/errors";
import { JsonText } from "./json-text";

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
  search: z.string().max(200).optional(),
  includeArchived: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .transform((v) => v === true || v === "true" || v === "1")
    .optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export type Page<T> = { items: T[]; cursor?: string };

// Cursors are opaque: base64url of the last id seen (ids are time-ordered, lists go newest first).
export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  // The SDK's findAll() starts paging with cursor "0".
  if (!cursor || cursor === "0") return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[0-9a-f]{24}$/.test(id)) throw new BadRequestError("cursor: invalid cursor");
  return id;
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, cursor: encodeCursor(items[items.length - 1].id) } : { items };
}

/** `toPage` for rows whose API object is already JSON text: the `{items, cursor?}` body as text. */
export function toPageText(rows: { id: string; json: string }[], limit: number): JsonText {
  const items = rows.length > limit ? rows.slice(0, limit) : rows;
  const cursor = rows.length > limit ? `,"cursor":"${encodeCursor(items[items.length - 1].id)}"` : "";
  return new JsonText(`{"items":[${items.map((r) => r.json).join(",")}]${cursor}}`);
}

export const escapeLike = (s: string) => "%" + s.replace(/[\\%_]/g, (c) => "\\" + c) + "%";

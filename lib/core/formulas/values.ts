import { isPlainObject } from "../schema/json-schema";

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
    );
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  );
}

/** JSON-shaped copy; also strips the extra properties jsonata attaches to its result arrays. */
export function deepClone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepClone);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepClone(v)]));
  return typeof value === "function" ? undefined : value;
}

/** How a value reads inside text: nothing for null/undefined, JSON for structures. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** Numbers and numeric strings ("42", " 1.5 ") as numbers; everything else undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * In-memory data of the built-in Sandbox CRM: a fake external app so demo flows run with no network and
 * no account anywhere. Kept on globalThis so Next.js dev reloads and route bundles share one store.
 */

export type CrmRecord = { id: string; createdAt: string; updatedAt: string; [field: string]: unknown };
export type CrmCollectionKey = "contacts" | "deals";
export const CRM_COLLECTIONS: readonly CrmCollectionKey[] = ["contacts", "deals"];

type Collection = { prefix: string; nextId: number; records: Map<string, CrmRecord> };
export type CrmStore = Record<CrmCollectionKey, Collection>;

const SEED: Record<CrmCollectionKey, Record<string, unknown>[]> = {
  contacts: [
    { name: "Ada Lovelace", email: "ada@example.com", company: "Analytical Engines" },
    { name: "Grace Hopper", email: "grace@example.com", company: "Navy Labs" },
    { name: "Alan Turing", email: "alan@example.com", company: "Bletchley Park" },
  ],
  deals: [
    { title: "Engine upgrade", amount: 12000, stage: "open", contactId: "c_1" },
    { title: "Compiler licence", amount: 4500, stage: "won", contactId: "c_2" },
  ],
};

function seeded(): CrmStore {
  const now = new Date(0).toISOString();
  const make = (prefix: string, rows: Record<string, unknown>[]): Collection => {
    const records = new Map<string, CrmRecord>();
    rows.forEach((row, i) => {
      const id = `${prefix}_${i + 1}`;
      records.set(id, { ...row, id, createdAt: now, updatedAt: now });
    });
    return { prefix, nextId: rows.length + 1, records };
  };
  return { contacts: make("c", SEED.contacts), deals: make("d", SEED.deals) };
}

const holder = globalThis as typeof globalThis & { __flowdeckSandboxCrm?: CrmStore };

export function getCrmStore(): CrmStore {
  return (holder.__flowdeckSandboxCrm ??= seeded());
}

/** Back to the seed data (tests). */
export function resetCrmStore(): void {
  holder.__flowdeckSandboxCrm = seeded();
}

export function listRecords(
  key: CrmCollectionKey,
  opts: { limit: number; offset: number; search?: string },
): { records: CrmRecord[]; nextOffset?: number } {
  let all = [...getCrmStore()[key].records.values()];
  const q = opts.search?.trim().toLowerCase();
  if (q) {
    all = all.filter((r) =>
      Object.values(r).some((v) => typeof v === "string" && v.toLowerCase().includes(q)),
    );
  }
  const records = all.slice(opts.offset, opts.offset + opts.limit);
  const next = opts.offset + records.length;
  return { records, ...(next < all.length ? { nextOffset: next } : {}) };
}

export function getRecord(key: CrmCollectionKey, id: string): CrmRecord | undefined {
  return getCrmStore()[key].records.get(id);
}

export function createRecord(key: CrmCollectionKey, fields: Record<string, unknown>): CrmRecord {
  const c = getCrmStore()[key];
  const id = `${c.prefix}_${c.nextId++}`;
  const now = new Date().toISOString();
  const record: CrmRecord = { ...stripSystem(fields), id, createdAt: now, updatedAt: now };
  c.records.set(id, record);
  return record;
}

/** `replace` (PUT) drops fields that are not sent; otherwise (PATCH) they are merged. */
export function updateRecord(
  key: CrmCollectionKey,
  id: string,
  fields: Record<string, unknown>,
  replace = false,
): CrmRecord | undefined {
  const c = getCrmStore()[key];
  const existing = c.records.get(id);
  if (!existing) return undefined;
  const base = replace ? {} : existing;
  const record: CrmRecord = {
    ...base,
    ...stripSystem(fields),
    id,
    createdAt: existing.createdAt,
    updatedAt: new Date().toISOString(),
  };
  c.records.set(id, record);
  return record;
}

export function deleteRecord(key: CrmCollectionKey, id: string): boolean {
  return getCrmStore()[key].records.delete(id);
}

function stripSystem(fields: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = fields;
  return rest;
}

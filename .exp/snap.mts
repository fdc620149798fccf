import { PGlite } from "@electric-sql/pglite";
const c = await PGlite.create("bench-data/api/pglite");
for (const q of ["SELECT pg_current_snapshot()::text AS s", "SELECT 1", "SELECT txid_current_if_assigned()"]) {
  for (let r = 0; r < 2; r++) {
    const t = performance.now();
    for (let i = 0; i < 2000; i++) await c.query(q);
    console.log(q, ((performance.now() - t) / 2000).toFixed(3), "ms");
  }
}
const t = performance.now();
await Promise.all(Array.from({length: 2000}, () => c.query("SELECT pg_current_snapshot()::text AS s")));
console.log("parallel", ((performance.now() - t) / 2000).toFixed(3));
await c.close();

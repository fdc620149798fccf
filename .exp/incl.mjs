import fs from "node:fs";
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map(); let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  const d = p.timeDeltas[i] ?? 0; total += d;
  let id = p.samples[i]; const seen = new Set();
  while (id !== undefined) { const n = byId.get(id); const cf = n.callFrame;
    const k = `${cf.functionName || "(anon)"} ${cf.url.replace(/.*node_modules\//, "nm/").replace(/.*work\/main\//, "")}:${cf.lineNumber}`;
    if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d); }
    id = parent.get(id); }
}
const rows = [...incl].sort((a, b) => b[1] - a[1]).filter(([k]) => !/^\(root\)/.test(k)).slice(0, Number(process.argv[3] ?? 60));
for (const [k, t] of rows) console.log((t / total * 100).toFixed(1).padStart(5), "%", k);

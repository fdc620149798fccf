import fs from "node:fs";
const file = process.argv[2];
const p = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; let total = 0;
for (let i = 0; i < p.samples.length; i++) { const n = byId.get(p.samples[i]); const d = dt[i] ?? 0; total += d; self.set(n, (self.get(n) ?? 0) + d); }
const agg = new Map();
for (const [n, t] of self) { const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/.*node_modules\//, "nm/").replace(/.*work\/main\//, "")}:${n.callFrame.lineNumber}`; agg.set(k, (agg.get(k) ?? 0) + t); }
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 30));
console.log("total ms", (total / 1000).toFixed(0));
for (const [k, t] of rows) console.log((t / total * 100).toFixed(1).padStart(5), "%", k);
// inclusive by url bucket
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

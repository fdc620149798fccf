"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { evaluateCondition, evaluateFormulas } from "@/lib/core/formulas";
import type { NodeSample } from "@/lib/services/console/get-node-sample";
import { useMapping } from "@/components/mapping/value-editor";

type Result = { ok: boolean; title: string; value?: unknown; note?: string };

const short = (id: string) => (id.length > 10 ? `${id.slice(0, 4)}…${id.slice(-6)}` : id);

/** Where the previews' sample input comes from: the latest run that reached the node, or an example. */
export function SampleSource({ sample, linkRun }: { sample?: NodeSample | "loading"; linkRun?: boolean }) {
  const m = useMapping();
  if (sample === "loading")
    return (
      <p data-testid="sample-source" aria-busy className="text-xs text-slate-500">
        Loading the latest run…
      </p>
    );
  return (
    <p data-testid="sample-source" className="text-xs text-slate-600">
      Previews use{" "}
      {m?.sampleRun ? (
        <>
          the input from run{" "}
          {linkRun ? (
            <Link className="font-mono text-brand-700 hover:underline" href={`/flow-runs/${m.sampleRun.id}`}>
              {short(m.sampleRun.id)}
            </Link>
          ) : (
            <span className="font-mono">{short(m.sampleRun.id)}</span>
          )}{" "}
          ({new Date(m.sampleRun.time).toLocaleString()})
        </>
      ) : (
        "an example input generated from the input schema (no recent run reached this step)"
      )}
      .
    </p>
  );
}

/**
 * What the node produces from the sample input, computed in the browser for the node types whose output is
 * a pure function of config and input; for the others, the output of the run the sample comes from.
 */
export function NodeOutputPreview({
  type,
  config,
  sample,
}: {
  type: string;
  config: Record<string, unknown>;
  sample?: NodeSample;
}) {
  const m = useMapping();
  const [result, setResult] = useState<Result>();
  useEffect(() => {
    if (!m) return;
    let live = true;
    const ctx = m.sample;
    const done = (r: Result) => live && setResult(r);
    const fail = (e: Error) => done({ ok: false, title: "Cannot be computed", note: e.message });
    if (type === "transform-data")
      evaluateFormulas(config.output ?? {}, ctx).then(
        (v) => done({ ok: true, title: "Output", value: v }),
        fail,
      );
    else if (type === "filter")
      evaluateCondition(config.filter, ctx).then(
        (pass) =>
          done(
            pass
              ? { ok: true, title: "Condition holds: continues with its input", value: ctx.input }
              : { ok: true, title: "Condition does not hold: this branch stops here" },
          ),
        fail,
      );
    else if (type === "for-each-v2" || type === "for-each")
      evaluateFormulas(config.items, ctx).then((v) => {
        if (v !== undefined && v !== null && !Array.isArray(v))
          return done({ ok: false, title: "Not a list", note: `Items is a ${typeof v}, not a list` });
        const list = (v ?? []) as unknown[];
        done({
          ok: true,
          title: `Goes through ${list.length} item${list.length === 1 ? "" : "s"}`,
          value: list.slice(0, 3),
          note: list.length > 3 ? `First 3 of ${list.length}` : undefined,
        });
      }, fail);
    else if (sample?.source === "run")
      done(
        sample.output
          ? { ok: true, title: "Output in that run", value: sample.output.data }
          : { ok: true, title: "No output in that run" },
      );
    else done({ ok: true, title: "The output is known once the node runs" });
    return () => {
      live = false;
    };
  }, [m, type, config, sample]);
  if (!result) return null;
  return (
    <div data-testid="output-preview" className="rounded-md border border-slate-100 bg-slate-50 p-2">
      <p className={`text-xs font-medium ${result.ok ? "text-slate-700" : "text-red-700"}`}>{result.title}</p>
      {result.value !== undefined && (
        <pre className="mt-1 max-h-48 overflow-auto font-mono text-[11px] break-all whitespace-pre-wrap text-slate-700">
          {JSON.stringify(result.value, null, 2)}
        </pre>
      )}
      {result.note && <p className="mt-1 text-[11px] text-slate-500">{result.note}</p>}
    </div>
  );
}

import type { ReactNode } from "react";

const tones = {
  gray: "bg-slate-100 text-slate-700",
  green: "bg-emerald-100 text-emerald-800",
  red: "bg-red-100 text-red-800",
  amber: "bg-amber-100 text-amber-800",
  blue: "bg-blue-100 text-blue-800",
  violet: "bg-violet-100 text-violet-800",
} as const;

export type Tone = keyof typeof tones;

export function Badge({
  tone = "gray",
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

export const runStateTone = (state?: string | null): Tone =>
  state === "completed"
    ? "green"
    : state === "failed"
      ? "red"
      : state === "running"
        ? "blue"
        : state === "queued"
          ? "amber"
          : "gray";

export function RunStateBadge({ state }: { state?: string | null }) {
  return <Badge tone={runStateTone(state)}>{state ?? "never run"}</Badge>;
}

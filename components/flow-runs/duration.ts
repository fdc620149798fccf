type When = string | Date;

/** "1.23 s" from start to end, or undefined while the run has not ended. */
export function runDuration(run: { startTime: When; endTime?: When | null }): string | undefined {
  if (!run.endTime) return undefined;
  return ((new Date(run.endTime).getTime() - new Date(run.startTime).getTime()) / 1000).toFixed(2) + " s";
}

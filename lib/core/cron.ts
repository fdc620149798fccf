// Minimal 5-field cron (minute hour day-of-month month day-of-week) with *, */n, a-b, a-b/n and lists.
const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function parseField(field: string, [min, max]: [number, number]): Set<number> | null {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part.trim());
    if (!m) return null;
    const step = m[4] ? Number(m[4]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== "*") {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : m[4] ? max : lo;
    }
    if (step < 1 || lo < min || hi > max || lo > hi) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function parse(expr: string): Set<number>[] | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const sets = fields.map((f, i) => parseField(f, RANGES[i]));
  return sets.some((s) => s === null) ? null : (sets as Set<number>[]);
}

export function cronIsValid(expr: string): boolean {
  return parse(expr) !== null;
}

function partsIn(date: Date, timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    minute: "numeric",
    hour: "numeric",
    day: "numeric",
    month: "numeric",
    weekday: "short",
  });
  const p = Object.fromEntries(fmt.formatToParts(date).map((x) => [x.type, x.value]));
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  return {
    minute: Number(p.minute),
    hour: Number(p.hour),
    day: Number(p.day),
    month: Number(p.month),
    weekday,
  };
}

/** Whether the cron expression fires in the minute containing `date`, read in `timeZone`. */
export function cronMatches(expr: string, date: Date, timeZone = "UTC"): boolean {
  const sets = parse(expr);
  if (!sets) return false;
  let p;
  try {
    p = partsIn(date, timeZone);
  } catch {
    return false;
  }
  const dow = sets[4].has(7) ? new Set([...sets[4], 0]) : sets[4];
  return (
    sets[0].has(p.minute) &&
    sets[1].has(p.hour) &&
    sets[2].has(p.day) &&
    sets[3].has(p.month) &&
    dow.has(p.weekday)
  );
}

/** Whether a schedule-trigger config (`cron` + `timezone`, or `intervalMinutes`) is due in the minute starting at `minute`. */
export function scheduleDue(config: Record<string, unknown>, minute: Date): boolean {
  if (typeof config.cron === "string")
    return cronMatches(config.cron, minute, (config.timezone as string) || "UTC");
  const every = Number(config.intervalMinutes);
  if (!Number.isFinite(every) || every < 1) return false;
  return Math.floor(minute.getTime() / 60_000) % Math.floor(every) === 0;
}

/**
 * Group commit for engine statements: calls made while a batch statement is in flight wait and go out
 * together in the next one (at most `maxBatch` items per statement, one statement in flight). Idle,
 * a call goes out at the end of the current tick (joined by the calls of that tick), so it adds no
 * waiting; under load the batches grow with the load, and the statements per run shrink.
 */
/** Statements and items per batcher name, in this process (the benchmark prints them). */
export const batchStats: Record<string, { statements: number; items: number }> = {};

/** A batch function returns this for an item that failed on its own: only that caller's promise rejects. */
export class ItemFailed {
  constructor(readonly error: unknown) {}
}

export function batcher<I, O>(
  name: string,
  run: (items: I[]) => Promise<(O | ItemFailed)[]>,
  maxBatch = 200,
): (item: I) => Promise<O> {
  const stats = (batchStats[name] ??= { statements: 0, items: 0 });
  let queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = false;
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    if (inFlight || !queue.length) return;
    inFlight = true;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    stats.statements++;
    stats.items += batch.length;
    try {
      const out = await run(batch.map((b) => b.item));
      batch.forEach((b, i) => {
        const o = out[i];
        if (o instanceof ItemFailed) b.reject(o.error);
        else b.resolve(o);
      });
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      inFlight = false;
      if (queue.length) schedule();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!inFlight) schedule();
    });
}

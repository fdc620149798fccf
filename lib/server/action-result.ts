import { DomainError } from "../core/errors";

/** What a server action returns to its component: the data, or the message of a 4xx-kind error. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * Runs a server action's work: domain errors (bad input, not found, conflict) become `{ok: false, error}`
 * for the component's toast; anything else (a bug, or a next/navigation redirect) propagates.
 */
export async function actionResult<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message };
    throw err;
  }
}

// Console sign-in throttling, per client address and over all addresses: after a few failures each further
// attempt must wait twice as long as the one before (the global bound stops a guesser that spreads over
// many addresses). Kept in this process's memory; counted in /api/metrics.

export type ThrottleOptions = {
  /** Failures from one address before it must wait. */
  freePerClient: number;
  /** Failures over all addresses (within `windowMs`) before everyone must wait. */
  freeGlobal: number;
  baseDelayMs: number;
  maxClientDelayMs: number;
  maxGlobalDelayMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
};

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freePerClient: 5,
  freeGlobal: 100,
  baseDelayMs: 1000,
  maxClientDelayMs: 5 * 60_000,
  maxGlobalDelayMs: 30_000,
  windowMs: 15 * 60_000,
};

type Counter = { failures: number; last: number };

export type LoginStats = { succeeded: number; failed: number; throttled: number };

export class LoginThrottle {
  private clients = new Map<string, Counter>();
  private global: Counter = { failures: 0, last: 0 };
  readonly stats: LoginStats = { succeeded: 0, failed: 0, throttled: 0 };

  constructor(
    private opts: ThrottleOptions = DEFAULT_THROTTLE,
    private now: () => number = Date.now,
  ) {}

  private wait(c: Counter | undefined, free: number, max: number, t: number): number {
    if (!c || t - c.last > this.opts.windowMs || c.failures < free) return 0;
    const delay = Math.min(max, this.opts.baseDelayMs * 2 ** (c.failures - free));
    return Math.max(0, c.last + delay - t);
  }

  /** Milliseconds this client must still wait before its password is checked (0: go ahead). */
  retryAfterMs(client: string): number {
    const t = this.now();
    const ms = Math.max(
      this.wait(this.clients.get(client), this.opts.freePerClient, this.opts.maxClientDelayMs, t),
      this.wait(this.global, this.opts.freeGlobal, this.opts.maxGlobalDelayMs, t),
    );
    if (ms > 0) this.stats.throttled++;
    return ms;
  }

  failed(client: string) {
    const t = this.now();
    const bump = (c: Counter | undefined): Counter =>
      !c || t - c.last > this.opts.windowMs
        ? { failures: 1, last: t }
        : { failures: c.failures + 1, last: t };
    if (this.clients.size >= 50_000) this.clients.clear();
    this.clients.set(client, bump(this.clients.get(client)));
    this.global = bump(this.global);
    this.stats.failed++;
  }

  succeeded(client: string) {
    this.clients.delete(client);
    this.stats.succeeded++;
  }
}

const g = globalThis as unknown as { __flowdeckLoginThrottle?: LoginThrottle };
/** The process's throttle (on globalThis: Next.js bundles modules more than once). */
export const loginThrottle = (g.__flowdeckLoginThrottle ??= new LoginThrottle());

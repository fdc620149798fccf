import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE, LoginThrottle } from "./login-throttle";

describe("LoginThrottle", () => {
  it("lets a few failures through, then doubles the wait per failure, per client", () => {
    let t = 0;
    const th = new LoginThrottle(DEFAULT_THROTTLE, () => t);
    for (let i = 0; i < 5; i++) {
      expect(th.retryAfterMs("a")).toBe(0);
      th.failed("a");
    }
    expect(th.retryAfterMs("a")).toBe(1000);
    expect(th.retryAfterMs("b")).toBe(0); // another client is not slowed down
    t += 1000;
    expect(th.retryAfterMs("a")).toBe(0);
    th.failed("a");
    expect(th.retryAfterMs("a")).toBe(2000);
    t += 2000;
    th.failed("a");
    expect(th.retryAfterMs("a")).toBe(4000);
    expect(th.stats).toMatchObject({ failed: 7 });
    // Success clears the client's count.
    t += 4000;
    th.succeeded("a");
    expect(th.retryAfterMs("a")).toBe(0);
  });

  it("slows everyone down when failures come from many addresses, bounded", () => {
    let t = 0;
    const th = new LoginThrottle({ ...DEFAULT_THROTTLE, freeGlobal: 10 }, () => t);
    for (let i = 0; i < 10; i++) th.failed(`ip-${i}`);
    expect(th.retryAfterMs("fresh")).toBe(1000);
    for (let i = 0; i < 40; i++) th.failed(`ip-x${i}`);
    expect(th.retryAfterMs("fresh")).toBe(DEFAULT_THROTTLE.maxGlobalDelayMs);
    t += DEFAULT_THROTTLE.windowMs + 1;
    expect(th.retryAfterMs("fresh")).toBe(0); // forgotten after the window
  });
});

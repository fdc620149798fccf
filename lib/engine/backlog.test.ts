import { describe, expect, it } from "vitest";
import { BACKLOG_FLOOR, CapacityMeter, backlogBound } from "./backlog";

describe("backlog bound in time (RUN_BACKLOG_SECONDS)", () => {
  it("measures runs finished per second only over windows in which the queue never emptied", () => {
    const m = new CapacityMeter(1000);
    m.observe(0, 50); // window opens, queue busy
    m.finishedRuns(200);
    m.observe(500, 40); // too early to close
    m.finishedRuns(200);
    m.observe(1000, 30); // closes: 400 runs in 1 s
    expect(m.perSecond).toBe(400);
    m.finishedRuns(10);
    m.observe(1400, 0); // the queue emptied: this window says nothing about capacity
    m.finishedRuns(5);
    m.observe(2000, 10);
    expect(m.perSecond).toBe(400);
    m.finishedRuns(600);
    m.observe(3000, 20); // busy again: 600/s, smoothed with the 400 before
    expect(m.perSecond).toBe(500);
  });

  it("bounds the backlog at that many seconds of capacity, within the floor and RUN_BACKLOG_LIMIT", () => {
    expect(backlogBound(1000, 0.5, undefined)).toBe(1000); // not measured yet: the fixed limit
    expect(backlogBound(1000, 0, 400)).toBe(1000); // seconds off
    expect(backlogBound(1000, 0.5, 400)).toBe(200);
    expect(backlogBound(1000, 0.5, 10)).toBe(BACKLOG_FLOOR); // slow flows still take a burst
    expect(backlogBound(1000, 0.5, 10_000)).toBe(1000);
    expect(backlogBound(50, 0.5, 10)).toBe(50); // the limit wins over the floor
  });
});

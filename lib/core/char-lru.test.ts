import { describe, expect, it } from "vitest";
import { CharBoundedLru } from "./char-lru";

describe("CharBoundedLru", () => {
  it("drops the least recently used values once their characters pass the bound", () => {
    const lru = new CharBoundedLru<number>(1000);
    for (let i = 0; i < 100; i++) lru.set(`k${i}`, i, 10); // 1,000 characters: all kept
    expect([lru.size, lru.chars, lru.get("k0")]).toEqual([100, 1000, 0]);
    // k0 was just used: k1 is now the least recently used, and goes first.
    lru.set("new", 100, 10);
    expect([lru.get("k0"), lru.get("k1"), lru.get("new"), lru.chars]).toEqual([0, undefined, 100, 1000]);
    lru.set("k5", 5, 10); // replacing a value frees its characters first: nothing else goes
    expect([lru.size, lru.get("k2")]).toEqual([100, 2]);
  });

  it("keeps nothing above a hundredth of the bound, and sizes a value once it is known", () => {
    const lru = new CharBoundedLru<object>(1000);
    expect(lru.set("big", {}, 11)).toBe(false);
    expect(lru.get("big")).toBeUndefined();
    const pending = {};
    lru.set("p", pending);
    expect(lru.chars).toBe(0);
    lru.resize("p", pending, 10);
    expect(lru.chars).toBe(10);
    lru.resize("p", {}, 5); // another value: nothing changes
    expect(lru.chars).toBe(10);
    lru.resize("p", pending, 20); // too big once known: dropped
    expect([lru.get("p"), lru.size, lru.chars]).toEqual([undefined, 0, 0]);
  });

  it("deletes a value only when it is the one given", () => {
    const lru = new CharBoundedLru<object>(1000);
    const v = {};
    lru.set("k", v, 5);
    lru.delete("k", {});
    expect(lru.get("k")).toBe(v);
    lru.delete("k", v);
    expect([lru.get("k"), lru.chars]).toEqual([undefined, 0]);
  });
});

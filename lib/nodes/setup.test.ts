import { describe, expect, it } from "vitest";
import { setupNodes } from "./setup";

describe("setupNodes", () => {
  it("gives every node the output schemas of all its upstream nodes", () => {
    const r = setupNodes({
      t: {
        type: "api-trigger",
        config: { inputSchema: { type: "object", properties: { a: { type: "string" } } } },
        links: [{ key: "x" }],
      },
      x: {
        type: "transform-data",
        config: { output: { b: { $var: "$.input.t.a" } } },
        links: [{ key: "y" }],
      },
      y: { type: "filter", config: { filter: { $eval: { $var: "$.input.x.b" }, is: "z" } } },
    });
    expect(r.state).toBe("READY");
    expect(Object.keys(r.nodes.y.inputSchema!.properties!)).toEqual(expect.arrayContaining(["t", "x"]));
    expect(r.nodes.x.outputSchema).toMatchObject({ properties: { b: { type: "string" } } });
  });

  it("marks invalid config and references to missing fields as SETUP_FAILED", () => {
    const r = setupNodes({
      t: {
        type: "api-trigger",
        config: { inputSchema: { type: "object", properties: { a: { type: "string" } } } },
        links: [{ key: "x" }],
      },
      x: { type: "transform-data", config: { output: { b: { $var: "$.input.t.missing" } } } },
      s: { type: "schedule-trigger", config: { cron: "not a cron" } },
    });
    expect(r.state).toBe("SETUP_FAILED");
    expect(r.nodes.x.state).toBe("SETUP_FAILED");
    expect(r.nodes.s.state).toBe("SETUP_FAILED");
    expect(r.nodes.t.state).toBe("READY");
  });

  it("names a missing field by the node's name and the field, as the variable picker shows it", () => {
    const r = setupNodes({
      t: {
        type: "api-trigger",
        name: "Start",
        config: { inputSchema: { type: "object", properties: { a: { type: "string" } } } },
        links: [{ key: "x" }],
      },
      x: { type: "transform-data", config: { output: { b: { $var: "$.input.t.lastName" } } } },
    });
    expect(r.nodes.x.errors).toEqual([{ path: "output.b", message: "Start › lastName is not in the input" }]);
    // the stored input schema stays the upstream outputs as they are
    expect(r.nodes.x.inputSchema!.properties!.t).toEqual(r.nodes.t.outputSchema);
  });

  it("gives a for-each sub-flow the current item in its input schema", () => {
    const r = setupNodes({
      t: {
        type: "api-trigger",
        config: {
          inputSchema: {
            type: "object",
            properties: {
              rows: { type: "array", items: { type: "object", properties: { n: { type: "number" } } } },
            },
          },
        },
        links: [{ key: "loop" }],
      },
      loop: { type: "for-each-v2", config: { items: { $var: "$.input.t.rows" }, rootNodeKey: "body" } },
      body: { type: "transform-data", config: { output: { n: { $var: "$.input.loop.item.n" } } } },
    });
    expect(r.nodes.body.state).toBe("READY");
    expect(r.nodes.body.inputSchema).toMatchObject({
      properties: { loop: { properties: { item: { properties: { n: { type: "number" } } } } } },
    });
  });

  it("a 500-node flow sets up quickly (pure, no I/O)", () => {
    const nodes: Record<
      string,
      { type: string; config?: Record<string, unknown>; links?: { key: string }[] }
    > = {
      n0: { type: "api-trigger", links: [{ key: "n1" }] },
    };
    for (let i = 1; i < 500; i++)
      nodes[`n${i}`] = {
        type: "transform-data",
        config: { output: { v: i } },
        links: i < 499 ? [{ key: `n${i + 1}` }] : [],
      };
    const r = setupNodes(nodes);
    expect(Object.keys(r.nodes)).toHaveLength(500);
    expect(r.state).toBe("READY");
  });
});

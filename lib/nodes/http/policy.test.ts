import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiRequestToExternalApp } from "./api-request-to-external-app";
import { apiRequestToYourApp } from "./api-request-to-your-app";
import { customHttpRequest } from "./custom-http-request";
import { EMPTY_ALLOW_LIST, parseAllowList, type LookupFn, type OutboundPolicy } from "./outbound";
import { makeContext, sendJson, startServer, type TestServer } from "../test-helpers";

/*
 * The outbound policy as flows meet it: nodes built by an admin, test peers on 127.0.0.1 only, host names
 * answered by a resolver stub. Every socket the process opens is recorded, to prove that refused addresses
 * are refused before anything is sent.
 */

let peer: TestServer;
const connects: string[] = [];
const realConnect = net.Socket.prototype.connect;

beforeAll(async () => {
  peer = await startServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const to = url.searchParams.get("to");
    if (url.pathname === "/redirect" && to) {
      res.writeHead(302, { location: to });
      return void res.end();
    }
    sendJson(res, 200, { path: url.pathname, host: req.headers.host, apiKey: req.headers["x-api-key"] });
  });
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its normalised [options, callback] pair as the first argument.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const opts = (first ?? {}) as { host?: string; port?: number; path?: string };
    connects.push(opts.path ?? `${opts.host}:${opts.port}`);
    return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});

afterAll(async () => {
  net.Socket.prototype.connect = realConnect;
  await peer.close();
});

afterEach(() => {
  connects.length = 0;
});

const peerPort = () => new URL(peer.url).port;
const strict: OutboundPolicy = { allow: EMPTY_ALLOW_LIST };
const allowLoopback: OutboundPolicy = { allow: parseAllowList("127.0.0.1") };

function custom(url: string, outbound: OutboundPolicy) {
  return customHttpRequest.execute(makeContext({ config: { url }, runtime: { outbound } }));
}

describe("outbound policy in HTTP nodes", () => {
  it("refuses an admin-built request to 127.0.0.1 with a clear error", async () => {
    await expect(custom(`${peer.url}/x`, strict)).rejects.toThrow(
      "Outbound request to 127.0.0.1 refused: loopback address (set OUTBOUND_ALLOW_HOSTS to allow)",
    );
    expect(peer.requests.some((r) => r.url === "/x")).toBe(false);
  });

  it("refuses 10.x, 169.254.169.254 and mapped IPv6 before connecting: no socket is opened", async () => {
    await expect(custom("http://10.0.0.1/admin", strict)).rejects.toThrow(
      "Outbound request to 10.0.0.1 refused: private address",
    );
    await expect(custom("http://169.254.169.254/latest/meta-data/", strict)).rejects.toThrow(
      "Outbound request to 169.254.169.254 refused: cloud metadata address",
    );
    await expect(custom("http://[::ffff:169.254.169.254]/", strict)).rejects.toThrow(
      /Outbound request to \[::ffff:a9fe:a9fe\] refused: cloud metadata address/,
    );
    // Allow-listing loopback does not open anything else.
    await expect(custom("http://10.0.0.1/", allowLoopback)).rejects.toThrow(/refused: private address/);
    expect(connects).toEqual([]);
  });

  it("refuses a host name that resolves to loopback, and metadata names without resolving them", async () => {
    const lookups: string[] = [];
    const lookup: LookupFn = async (host) => (lookups.push(host), [{ address: "127.0.0.1", family: 4 }]);
    await expect(
      custom(`http://rebind.example.test:${peerPort()}/`, { allow: EMPTY_ALLOW_LIST, lookup }),
    ).rejects.toThrow(
      "Outbound request to rebind.example.test (127.0.0.1) refused: loopback address (set OUTBOUND_ALLOW_HOSTS to allow)",
    );
    await expect(
      custom("http://metadata.google.internal/computeMetadata/v1/", { allow: EMPTY_ALLOW_LIST, lookup }),
    ).rejects.toThrow("Outbound request to metadata.google.internal refused: cloud metadata host name");
    expect(lookups).toEqual(["rebind.example.test"]);
    expect(connects).toEqual([]);
  });

  it("connects to the address it checked: one resolution per hop, pinned in the connection", async () => {
    // The stub answers loopback once, then a refused address; a second resolution would be refused or
    // would reach 10.0.0.1. The name itself does not exist, so only the pinned address can reach the peer.
    let calls = 0;
    const lookup: LookupFn = async () =>
      calls++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.0.0.1", family: 4 }];
    const out = await custom(`http://pinned.example.test:${peerPort()}/hello`, {
      allow: parseAllowList("127.0.0.1"),
      lookup,
    });
    expect(out[0]).toMatchObject({
      status: 200,
      data: { path: "/hello", host: `pinned.example.test:${peerPort()}` },
    });
    expect(calls).toBe(1);
    // The recorder sees the connection (so its empty lists elsewhere mean: nothing was opened).
    expect(connects).toEqual([`pinned.example.test:${peerPort()}`]);
  });

  it("works against an allow-listed loopback peer", async () => {
    const out = await custom(`${peer.url}/ok`, allowLoopback);
    expect(out[0]).toMatchObject({ status: 200, data: { path: "/ok" } });
  });

  it("checks every redirect hop: an allowed peer redirecting to a refused address is refused", async () => {
    for (const [to, reason] of [
      ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 refused: cloud metadata address"],
      ["http://10.0.0.1/", "10.0.0.1 refused: private address"],
      ["http://[::1]:1/", "[::1] refused: loopback address"],
    ]) {
      const ctx = makeContext({
        config: { url: `${peer.url}/redirect?to=${encodeURIComponent(to)}` },
        runtime: { outbound: allowLoopback },
      });
      await expect(customHttpRequest.execute(ctx)).rejects.toThrow(`Outbound request to ${reason}`);
      expect(ctx.logs.at(-1)?.message).toContain(reason);
    }
    expect(connects.filter((c) => !c.startsWith("127.0.0.1:"))).toEqual([]);
  });
});

describe("the app's own URL", () => {
  it("is refused to a flow-supplied URL, also written as a path on this app", async () => {
    const runtime = { appUrl: peer.url, outbound: strict };
    await expect(
      customHttpRequest.execute(makeContext({ config: { url: `${peer.url}/api/health` }, runtime })),
    ).rejects.toThrow(/Outbound request to 127\.0\.0\.1 refused: loopback address/);
    await expect(
      customHttpRequest.execute(makeContext({ config: { url: "/sandbox/crm/contacts" }, runtime })),
    ).rejects.toThrow(/Outbound request to 127\.0\.0\.1 refused: loopback address/);
  });

  it("is reached by api-request-to-your-app and the built-in Sandbox CRM integration (baseUri /sandbox/crm)", async () => {
    const yourApp = await apiRequestToYourApp.execute(
      makeContext({
        config: { request: { path: "/api/me" } },
        runtime: { appUrl: peer.url, outbound: strict },
      }),
    );
    expect(yourApp[0]).toMatchObject({ status: 200, data: { path: "/api/me" } });

    const crm = await apiRequestToExternalApp.execute(
      makeContext({
        config: { request: { path: "/contacts" } },
        runtime: {
          appUrl: peer.url,
          outbound: strict,
          integration: { baseUri: "/sandbox/crm", auth: { type: "api-key" } },
          connection: { credentials: { apiKey: "crm-key" } },
        },
      }),
    );
    expect(crm[0]).toMatchObject({ status: 200, data: { path: "/sandbox/crm/contacts", apiKey: "crm-key" } });
  });

  it("keeps the Sandbox CRM's requests under its base path, in every spelling of ..", async () => {
    const before = peer.requests.length;
    for (const path of [
      "../../api/health",
      "/contacts/../../../api/health",
      "%2e%2e/%2e%2e/api/health",
      "..%2f..%2fapi/health",
      "..\\..\\api\\health",
      "%252e%252e/api",
      `${peer.url}/api/health`,
    ]) {
      const ctx = makeContext({
        config: { request: { path } },
        runtime: {
          appUrl: peer.url,
          outbound: strict,
          integration: { baseUri: "/sandbox/crm", auth: { type: "api-key" } },
          connection: { credentials: { apiKey: "crm-key" } },
        },
      });
      await expect(apiRequestToExternalApp.execute(ctx), path).rejects.toThrow(
        /leaves the base URL http:\/\/127\.0\.0\.1:\d+\/sandbox\/crm|contains a relative segment/,
      );
    }
    expect(peer.requests.length).toBe(before);
  });

  it("does not extend the trust to where the app redirects", async () => {
    const ctx = makeContext({
      config: { request: { path: `/redirect?to=${encodeURIComponent("http://10.0.0.1/")}` } },
      runtime: { appUrl: peer.url, outbound: strict },
    });
    await expect(apiRequestToYourApp.execute(ctx)).rejects.toThrow(
      "Outbound request to 10.0.0.1 refused: private address",
    );
  });
});

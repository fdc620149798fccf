import { describe, expect, it } from "vitest";
import {
  checkOutboundUrl,
  classifyAddress,
  EMPTY_ALLOW_LIST,
  OutboundPolicyError,
  parseAllowList,
  parseIPv4,
  parseIPv6,
  type LookupFn,
  type OutboundPolicy,
} from "./outbound";

const strict = { allow: EMPTY_ALLOW_LIST };
/** A resolver stub: never real DNS. */
const resolvesTo =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }) as const);

const refusal = (url: string, policy: OutboundPolicy = strict) =>
  checkOutboundUrl(new URL(url), policy).then(
    () => "allowed",
    (err: Error) => (err instanceof OutboundPolicyError ? err.reason : `error: ${err.message}`),
  );

describe("address classifier", () => {
  it("refuses IPv4 loopback, private, CGNAT, link-local, metadata, multicast, broadcast and unspecified", () => {
    expect(classifyAddress("127.0.0.1")).toBe("loopback address");
    expect(classifyAddress("127.255.3.4")).toBe("loopback address");
    expect(classifyAddress("10.0.0.1")).toBe("private address");
    expect(classifyAddress("172.16.0.1")).toBe("private address");
    expect(classifyAddress("172.31.255.255")).toBe("private address");
    expect(classifyAddress("192.168.1.1")).toBe("private address");
    expect(classifyAddress("100.64.0.1")).toBe("shared (CGNAT) address");
    expect(classifyAddress("100.127.255.254")).toBe("shared (CGNAT) address");
    expect(classifyAddress("169.254.10.1")).toBe("link-local address");
    expect(classifyAddress("169.254.169.254")).toBe("cloud metadata address");
    expect(classifyAddress("224.0.0.1")).toBe("multicast address");
    expect(classifyAddress("255.255.255.255")).toBe("broadcast address");
    expect(classifyAddress("0.0.0.0")).toBe("unspecified address");
  });

  it("lets public IPv4 addresses through, including the neighbours of private ranges", () => {
    for (const ip of ["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0"])
      expect(classifyAddress(ip), ip).toBeNull();
  });

  it("refuses IPv6 loopback, unique-local, link-local, multicast, unspecified and metadata", () => {
    expect(classifyAddress("::1")).toBe("loopback address");
    expect(classifyAddress("0:0:0:0:0:0:0:1")).toBe("loopback address");
    expect(classifyAddress("::")).toBe("unspecified address");
    expect(classifyAddress("fc00::1")).toBe("unique-local address");
    expect(classifyAddress("fd12:3456::1")).toBe("unique-local address");
    expect(classifyAddress("fd00:ec2::254")).toBe("cloud metadata address");
    expect(classifyAddress("fe80::1%eth0")).toBe("link-local address");
    expect(classifyAddress("ff02::1")).toBe("multicast address");
    expect(classifyAddress("2606:4700::1111")).toBeNull();
  });

  it("looks inside IPv4-mapped, IPv4-compatible, NAT64 and 6to4 addresses", () => {
    expect(classifyAddress("::ffff:169.254.169.254")).toBe("cloud metadata address (IPv4 embedded in IPv6)");
    expect(classifyAddress("::ffff:a9fe:a9fe")).toBe("cloud metadata address (IPv4 embedded in IPv6)");
    expect(classifyAddress("::ffff:127.0.0.1")).toBe("loopback address (IPv4 embedded in IPv6)");
    expect(classifyAddress("::127.0.0.1")).toBe("loopback address (IPv4 embedded in IPv6)");
    expect(classifyAddress("64:ff9b::10.0.0.1")).toBe("private address (IPv4 embedded in IPv6)");
    expect(classifyAddress("2002:7f00:1::")).toBe("loopback address (IPv4 embedded in 6to4)");
    expect(classifyAddress("::ffff:8.8.8.8")).toBeNull();
  });

  it("parses every IPv4 spelling inet_aton accepts", () => {
    const loopback = 0x7f000001;
    for (const s of ["127.0.0.1", "2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "127.1", "127.0.1"])
      expect(parseIPv4(s), s).toBe(loopback);
    expect(parseIPv4("256.0.0.1")).toBeNull();
    expect(parseIPv4("1.2.3.4.5")).toBeNull();
    expect(parseIPv4("example.com")).toBeNull();
    expect(parseIPv6("[::ffff:1.2.3.4]")).toBe(0xffff01020304n);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toBe(0x00010002000300040005000600070008n);
    expect(parseIPv6("1.2.3.4")).toBeNull();
  });
});

describe("checkOutboundUrl", () => {
  it("refuses addresses in every URL spelling (decimal, hex, octal, short, bracketed IPv6)", async () => {
    for (const url of [
      "http://127.0.0.1/",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://127.1:8080/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
    ])
      expect(await refusal(url), url).toMatch(/^loopback address/);
    expect(await refusal("http://[::ffff:169.254.169.254]/latest/meta-data")).toMatch(/cloud metadata/);
    expect(await refusal("http://0xa9.0xfe.0xa9.0xfe/")).toBe("cloud metadata address");
    expect(await refusal("http://10.0.0.1/")).toBe("private address");
    expect(await refusal("https://0.0.0.0/")).toBe("unspecified address");
  });

  it("refuses metadata and localhost names before resolving them", async () => {
    let lookups = 0;
    const policy = {
      allow: EMPTY_ALLOW_LIST,
      lookup: async () => (lookups++, [{ address: "8.8.8.8", family: 4 as const }]),
    };
    expect(await refusal("http://metadata.google.internal/computeMetadata/v1/", policy)).toBe(
      "cloud metadata host name",
    );
    expect(await refusal("http://METADATA.google.internal./", policy)).toBe("cloud metadata host name");
    expect(await refusal("http://localhost:3000/", policy)).toBe("loopback host name");
    expect(await refusal("http://app.localhost/", policy)).toBe("loopback host name");
    expect(lookups).toBe(0);
  });

  it("refuses a name when any of its addresses is refused, and returns the checked address", async () => {
    const mixed = { allow: EMPTY_ALLOW_LIST, lookup: resolvesTo("93.184.216.34", "10.1.2.3") };
    expect(await refusal("https://api.example.test/", mixed)).toBe("private address");
    const err = await checkOutboundUrl(new URL("https://api.example.test/"), mixed).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      "Outbound request to api.example.test (10.1.2.3) refused: private address (set OUTBOUND_ALLOW_HOSTS to allow)",
    );
    const ok = { allow: EMPTY_ALLOW_LIST, lookup: resolvesTo("93.184.216.34") };
    expect(await checkOutboundUrl(new URL("https://api.example.test/"), ok)).toEqual({
      address: "93.184.216.34",
      family: 4,
    });
  });

  it("lets the allow-list through by host name, wildcard, IP and CIDR (IPv4 rules cover mapped IPv6)", async () => {
    const allow = parseAllowList("crm.internal, *.corp.test 127.0.0.1 10.20.0.0/16,fd00:1::/32");
    const lookup = resolvesTo("10.99.0.1");
    expect(await refusal("http://crm.internal/", { allow, lookup })).toBe("allowed");
    expect(await refusal("http://a.b.corp.test/", { allow, lookup })).toBe("allowed");
    expect(await refusal("http://corp.test/", { allow, lookup })).toBe("private address");
    expect(await refusal("http://127.0.0.1:9/", { allow })).toBe("allowed");
    expect(await refusal("http://[::ffff:127.0.0.1]/", { allow })).toBe("allowed");
    expect(await refusal("http://127.0.0.2/", { allow })).toBe("loopback address");
    expect(await refusal("http://10.20.255.1/", { allow })).toBe("allowed");
    expect(await refusal("http://10.21.0.1/", { allow })).toBe("private address");
    expect(await refusal("http://[fd00:1:2::3]/", { allow })).toBe("allowed");
    expect(await refusal("http://[fd00:2::3]/", { allow })).toBe("unique-local address");
  });

  it("rejects allow-list entries that are neither names, addresses nor ranges", () => {
    expect(() => parseAllowList("10.0.0.0/33")).toThrow('"10.0.0.0/33" is not a valid CIDR range');
    expect(() => parseAllowList("http://x")).toThrow(/not a host name, IP address or CIDR range/);
  });
});

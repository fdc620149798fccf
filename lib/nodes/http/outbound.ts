import dns from "node:dns";
import net from "node:net";

/*
 * Outbound request policy (SSRF guard) for every HTTP-speaking node. A request may only reach a public
 * address: the host is resolved first, every address it resolves to is classified, and the connection is
 * then pinned to the checked address (so a DNS answer that changes between check and connect cannot reach
 * anything else). OUTBOUND_ALLOW_HOSTS lists the admin's exceptions. The app's own URL (Sandbox CRM,
 * api-request-to-your-app) is reached through `trustedBase`, which only those node paths set.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Resolves a host name to all its addresses (tests inject a stub; production uses the system resolver). */
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

export type AllowList = {
  /** Exact host names (lower case, no trailing dot). */
  hosts: Set<string>;
  /** `*.example.com` entries, stored as `.example.com`. */
  suffixes: string[];
  cidrs: { bits: bigint; prefix: number; v6: boolean; text: string }[];
};

export type OutboundPolicy = {
  allow: AllowList;
  lookup?: LookupFn;
};

export class OutboundPolicyError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`Outbound request to ${host} refused: ${reason} (set OUTBOUND_ALLOW_HOSTS to allow)`);
    this.name = "OutboundPolicyError";
  }
}

// ---- addresses ---------------------------------------------------------------------------------------

/** IPv4 in any form inet_aton accepts (a, a.b, a.b.c, a.b.c.d; decimal, 0-octal, 0x-hex parts), or null. */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => p === "")) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = Number(p);
    else return null;
    if (!Number.isSafeInteger(n)) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 256 ** (4 - nums.length)) return null;
  let value = 0;
  for (const n of nums) value = value * 256 + n;
  return value * 256 ** (4 - nums.length) + last;
}

/** IPv6 (with optional brackets, zone id and embedded IPv4 tail) as a 128-bit value, or null. */
export function parseIPv6(text: string): bigint | null {
  let s = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  s = s.replace(/%.*$/, "");
  if (!net.isIPv6(s)) return null;
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes its two hex groups.
  s = s.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) => {
    const hex = (x: string, y: string) => ((Number(x) << 8) | Number(y)).toString(16);
    return `${hex(a, b)}:${hex(c, d)}`;
  });
  const halves = s.split("::");
  const groups = (t: string) => (t ? t.split(":").map((g) => parseInt(g, 16)) : []);
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const all =
    halves.length === 2
      ? [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
      : left;
  if (all.length !== 8 || all.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const v4 = (a: number, b: number, c: number, d: number) => ((a * 256 + b) * 256 + c) * 256 + d;
const V4_RULES: { base: number; prefix: number; reason: string }[] = [
  { base: v4(169, 254, 169, 254), prefix: 32, reason: "cloud metadata address" },
  { base: v4(168, 63, 129, 16), prefix: 32, reason: "cloud metadata address" },
  { base: v4(100, 100, 100, 200), prefix: 32, reason: "cloud metadata address" },
  { base: v4(0, 0, 0, 0), prefix: 8, reason: "unspecified address" },
  { base: v4(127, 0, 0, 0), prefix: 8, reason: "loopback address" },
  { base: v4(10, 0, 0, 0), prefix: 8, reason: "private address" },
  { base: v4(172, 16, 0, 0), prefix: 12, reason: "private address" },
  { base: v4(192, 168, 0, 0), prefix: 16, reason: "private address" },
  { base: v4(100, 64, 0, 0), prefix: 10, reason: "shared (CGNAT) address" },
  { base: v4(169, 254, 0, 0), prefix: 16, reason: "link-local address" },
  { base: v4(192, 0, 0, 0), prefix: 24, reason: "reserved address" },
  { base: v4(192, 0, 2, 0), prefix: 24, reason: "reserved address" },
  { base: v4(198, 18, 0, 0), prefix: 15, reason: "reserved address" },
  { base: v4(198, 51, 100, 0), prefix: 24, reason: "reserved address" },
  { base: v4(203, 0, 113, 0), prefix: 24, reason: "reserved address" },
  { base: v4(224, 0, 0, 0), prefix: 4, reason: "multicast address" },
  { base: v4(255, 255, 255, 255), prefix: 32, reason: "broadcast address" },
  { base: v4(240, 0, 0, 0), prefix: 4, reason: "reserved address" },
];

const inV4 = (ip: number, base: number, prefix: number) =>
  prefix === 0 || Math.floor(ip / 2 ** (32 - prefix)) === Math.floor(base / 2 ** (32 - prefix));

function classifyV4(ip: number): string | null {
  for (const r of V4_RULES) if (inV4(ip, r.base, r.prefix)) return r.reason;
  return null;
}

const v6 = (text: string) => parseIPv6(text)!;
const inV6 = (ip: bigint, base: bigint, prefix: number) =>
  prefix === 0 || ip >> BigInt(128 - prefix) === base >> BigInt(128 - prefix);
const V6_RULES: { base: bigint; prefix: number; reason: string }[] = [
  { base: v6("fd00:ec2::254"), prefix: 128, reason: "cloud metadata address" },
  { base: 0n, prefix: 128, reason: "unspecified address" },
  { base: 1n, prefix: 128, reason: "loopback address" },
  { base: v6("fc00::"), prefix: 7, reason: "unique-local address" },
  { base: v6("fe80::"), prefix: 10, reason: "link-local address" },
  { base: v6("fec0::"), prefix: 10, reason: "site-local address" },
  { base: v6("ff00::"), prefix: 8, reason: "multicast address" },
  { base: v6("100::"), prefix: 64, reason: "reserved address" },
  { base: v6("2001:db8::"), prefix: 32, reason: "reserved address" },
];
/** Prefixes that carry an IPv4 address in their low 32 bits (mapped, compatible, NAT64). */
const V6_EMBEDDING: { base: bigint; prefix: number }[] = [
  { base: v6("::ffff:0:0"), prefix: 96 },
  { base: 0n, prefix: 96 },
  { base: v6("64:ff9b::"), prefix: 96 },
  { base: v6("64:ff9b:1::"), prefix: 48 },
];

function classifyV6(ip: bigint): string | null {
  for (const r of V6_RULES) if (inV6(ip, r.base, r.prefix)) return r.reason;
  for (const e of V6_EMBEDDING) {
    if (!inV6(ip, e.base, e.prefix)) continue;
    const reason = classifyV4(Number(ip & 0xffffffffn));
    return reason && `${reason} (IPv4 embedded in IPv6)`;
  }
  // 6to4 (2002::/16) carries an IPv4 address in bits 16–47.
  if (inV6(ip, v6("2002::"), 16)) {
    const reason = classifyV4(Number((ip >> 80n) & 0xffffffffn));
    return reason && `${reason} (IPv4 embedded in 6to4)`;
  }
  return null;
}

/** Why an IP address may not be reached ("loopback address", …), or null for a public address. */
export function classifyAddress(address: string): string | null {
  if (net.isIPv4(address)) return classifyV4(parseIPv4(address)!);
  const ip6 = parseIPv6(address);
  if (ip6 !== null) return classifyV6(ip6);
  const ip4 = parseIPv4(address);
  if (ip4 !== null) return classifyV4(ip4);
  return "not an IP address";
}

// ---- host names -----------------------------------------------------------------------------------------

const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.com",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.platformequinix.com",
]);

const normalizeHost = (host: string) => host.toLowerCase().replace(/\.+$/, "");

/** Why a host name is refused before any DNS lookup, or null. */
function classifyName(host: string): string | null {
  if (METADATA_NAMES.has(host)) return "cloud metadata host name";
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback host name";
  return null;
}

// ---- allow-list ---------------------------------------------------------------------------------------

/**
 * Parses OUTBOUND_ALLOW_HOSTS: space- or comma-separated host names (`api.internal`), wildcard names
 * (`*.corp.example`), IP addresses and CIDR ranges (`10.1.0.0/16`, `fd12::/64`). Throws naming a bad entry.
 */
export function parseAllowList(value: string | string[] | undefined): AllowList {
  const list: AllowList = { hosts: new Set(), suffixes: [], cidrs: [] };
  const entries = Array.isArray(value) ? value : (value ?? "").split(/[\s,]+/);
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const [addr, prefixText, extra] = raw.split("/");
    const ip4 = net.isIPv4(addr) ? parseIPv4(addr) : null;
    const ip6 = ip4 === null ? parseIPv6(addr) : null;
    if (ip4 !== null || ip6 !== null) {
      const max = ip4 !== null ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
        throw new Error(`"${raw}" is not a valid CIDR range`);
      list.cidrs.push({
        bits: ip4 !== null ? BigInt(ip4) : ip6!,
        prefix,
        v6: ip4 === null,
        text: raw,
      });
    } else if (/^\*\.[a-z0-9.-]+$/i.test(raw)) {
      list.suffixes.push(normalizeHost(raw.slice(1)));
    } else if (/^[a-z0-9_.-]+$/i.test(raw) && prefixText === undefined) {
      list.hosts.add(normalizeHost(raw));
    } else {
      throw new Error(`"${raw}" is not a host name, IP address or CIDR range`);
    }
  }
  return list;
}

export const EMPTY_ALLOW_LIST: AllowList = parseAllowList("");

function hostAllowed(list: AllowList, host: string): boolean {
  return list.hosts.has(host) || list.suffixes.some((s) => host.endsWith(s));
}

function addressAllowed(list: AllowList, address: string): boolean {
  const ip4 = net.isIPv4(address) ? parseIPv4(address) : null;
  const ip6 = ip4 === null ? parseIPv6(address) : null;
  return list.cidrs.some((c) => {
    if (!c.v6 && ip4 !== null) return inV4(ip4, Number(c.bits), c.prefix);
    if (c.v6 && ip6 !== null) return inV6(ip6, c.bits, c.prefix);
    // An IPv4 rule also covers the same address written as IPv4-mapped IPv6.
    if (!c.v6 && ip6 !== null && inV6(ip6, v6("::ffff:0:0"), 96))
      return inV4(Number(ip6 & 0xffffffffn), Number(c.bits), c.prefix);
    return false;
  });
}

// ---- the check ----------------------------------------------------------------------------------------

const systemLookup: LookupFn = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Resolves `url`'s host and returns the address to connect to, or throws an OutboundPolicyError. Every
 * address the name resolves to must be allowed (a name with one private answer among public ones is
 * refused), so the pinned connection cannot be steered by which answer the resolver puts first.
 */
export async function checkOutboundUrl(url: URL, policy: OutboundPolicy): Promise<ResolvedAddress> {
  const bare = url.hostname.replace(/^\[|\]$/g, "");
  const host = normalizeHost(bare);
  const literal = net.isIP(bare);
  if (literal) {
    const reason = classifyAddress(bare);
    if (reason && !addressAllowed(policy.allow, bare)) throw new OutboundPolicyError(url.hostname, reason);
    return { address: bare, family: literal === 6 ? 6 : 4 };
  }
  const nameAllowed = hostAllowed(policy.allow, host);
  const nameReason = classifyName(host);
  if (nameReason && !nameAllowed) throw new OutboundPolicyError(host, nameReason);
  let addresses: ResolvedAddress[];
  try {
    addresses = await (policy.lookup ?? systemLookup)(host);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new Error(`Could not resolve ${host}: ${code ?? (err as Error).message}`);
  }
  if (!addresses.length) throw new Error(`Could not resolve ${host}: no addresses`);
  if (!nameAllowed) {
    for (const a of addresses) {
      const reason = classifyAddress(a.address);
      if (reason && !addressAllowed(policy.allow, a.address))
        throw new OutboundPolicyError(`${host} (${a.address})`, reason);
    }
  }
  return addresses[0];
}

/** A `lookup` for node:net that answers with the already-checked address only. */
export function pinnedLookup(pinned: ResolvedAddress): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as net.LookupFunction;
}

/** True when `url` is at or below `base` (same origin, path under base's path on a segment boundary). */
export function isUnderBase(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const basePath = base.pathname.replace(/\/+$/, "");
  return url.pathname === basePath || url.pathname.startsWith(basePath + "/") || basePath === "";
}

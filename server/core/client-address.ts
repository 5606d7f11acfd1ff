import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { socketAddress } from './auth';

/**
 * Which reverse proxies to believe about the client's address (TRUST_PROXY), for the failed-sign-in
 * limit. Without it only the socket's peer counts: behind a proxy every member then shares the proxy's
 * budget, and one guesser locks them all out. `X-Forwarded-For` is believed only as far as trusted
 * proxies wrote it: a client can put anything at its start, never at its end.
 * - `hops`: this many proxies stand in front of the server, each appending the address it saw.
 * - `proxies`: the proxies' addresses or CIDR ranges; entries are read from the right, skipping these.
 */
export type TrustProxy = { hops: number } | { proxies: readonly string[] };

/** The address without IPv4-in-IPv6 mapping (`::ffff:10.0.0.1` → `10.0.0.1`) and without a port. */
function plain(address: string): string {
  const a = address.trim().replace(/^\[(.*)\](?::\d+)?$/, '$1');
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)?.[1] ?? a;
  // 203.0.113.7:51234 → 203.0.113.7 (only IPv4 carries a bare port).
  return /^\d+\.\d+\.\d+\.\d+:\d+$/.test(v4) ? v4.slice(0, v4.lastIndexOf(':')) : v4;
}

/** TRUST_PROXY's value: empty or `0` (the default) trusts nobody; a number is hops; else addresses. */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const v = value?.trim() ?? '';
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return undefined;
  if (/^\d+$/.test(v)) return { hops: Number(v) };
  const proxies = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of proxies) {
    const [address, bits] = p.split('/');
    const family = isIP(plain(address ?? ''));
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new Error(
        `TRUST_PROXY: "${p}" is neither a number of proxies nor an IP address or CIDR range (e.g. 1, or 10.0.0.5,10.1.0.0/16)`,
      );
    }
  }
  return { proxies };
}

function trustedList(proxies: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const p of proxies) {
    const [address = '', bits] = p.split('/');
    const a = plain(address);
    const type = isIP(a) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(a, type);
    else list.addSubnet(a, Number(bits), type);
  }
  return (address) => {
    const a = plain(address);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The client's address as the failure limit keys it, given which proxies are trusted. */
export function clientAddressFor(
  trust: TrustProxy | undefined,
  peer: (c: Context) => string = socketAddress,
): (c: Context) => string {
  if (!trust) return peer;
  const trusted = 'proxies' in trust ? trustedList(trust.proxies) : undefined;
  return (c) => {
    const socket = plain(peer(c));
    // Every X-Forwarded-For header, in order, then the socket: the nearest hop is last.
    const forwarded = (c.req.raw.headers.get('x-forwarded-for') ?? '').split(',').map(plain).filter(Boolean);
    const chain = [...forwarded, socket];
    if (trusted) {
      for (let i = chain.length - 1; i >= 0; i--) if (!trusted(chain[i]!)) return chain[i]!;
      // Every hop is a trusted proxy: the request came from one of them.
      return chain[0]!;
    }
    // `hops` proxies appended the last `hops` entries before the socket; what is left of them is the client.
    return chain[Math.max(0, chain.length - 1 - (trust as { hops: number }).hops)]!;
  };
}

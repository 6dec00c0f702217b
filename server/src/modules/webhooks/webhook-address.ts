import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where a webhook may not go on its own (SSRF): the server's own loopback, the private networks
 * behind it, link-local addresses (cloud metadata at 169.254.169.254), unspecified, multicast and
 * reserved ones. IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry.
 */
const forbidden = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  forbidden.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  forbidden.addSubnet(network, prefix, "ipv6");

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return forbidden.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The host as an allow-list names it: lower case, an IPv6 address without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}

/** An address the webhook must not reach: the attempt fails with this text, nothing is sent. */
export class RefusedAddressError extends Error {}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Every address the host resolves to, each checked: one forbidden address refuses the host (a
 * name that resolves to a public and a private address must not be a way in). A host on the
 * administrator's allow-list is not checked. The caller connects to an address returned here,
 * never resolving again, so a DNS answer that changes in between (rebinding) cannot slip past.
 */
export async function resolveAllowedOrThrow(host: string, allowedHosts: readonly string[]): Promise<ResolvedAddress[]> {
  const family = isIP(host);
  const addresses: ResolvedAddress[] =
    family !== 0
      ? [{ address: host, family: family as 4 | 6 }]
      : ((await lookup(host, { all: true, verbatim: true }).catch(() => {
          throw new RefusedAddressError(`${host} cannot be resolved`);
        })) as ResolvedAddress[]);
  if (addresses.length === 0) throw new RefusedAddressError(`${host} cannot be resolved`);
  if (allowedHosts.includes(host)) return addresses;
  const refused = addresses.find((entry) => isForbiddenAddress(entry.address));
  if (refused)
    throw new RefusedAddressError(
      `${host} is ${refused.address === host ? "" : `resolved to ${refused.address}, `}a loopback, private, link-local or reserved address; an administrator may allow the host`,
    );
  return addresses;
}

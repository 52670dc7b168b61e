import type { NetworkInterfaceInfo } from 'node:os';
import type { LanAddress } from '../../shared/protocol/messages';

export type { LanAddress };

/**
 * Which of this computer's addresses phones should use. A laptop at a venue
 * often has several: its Wi-Fi, a docking station's Ethernet, and virtual
 * adapters that no phone can reach (WSL and Hyper-V on Windows, Docker,
 * VirtualBox, VPN tunnels). The join URL and its QR code must name a real
 * LAN adapter, so the addresses are ranked and labelled, and the list is
 * read again while hosting: Wi-Fi joined after the host started shows up.
 */

export type AddressKind = LanAddress['kind'];

/** Interface names of adapters that phones on the venue's network cannot reach. */
const VIRTUAL_ADAPTERS: readonly [RegExp, string][] = [
  [/wsl/i, 'WSL'],
  [/hyper-v|^vethernet/i, 'Hyper-V'],
  [/docker|^br-[0-9a-f]{6,}/i, 'Docker'],
  [/virtualbox|^vboxnet/i, 'VirtualBox'],
  [/vmware|^vmnet/i, 'VMware'],
  [/^virbr|^veth|^lxc|^lxd|^cni|^flannel|^podman/i, 'container bridge'],
  [/tailscale/i, 'Tailscale'],
  [/zerotier|^zt/i, 'ZeroTier'],
  [/^utun|^tun|^tap|^wg|wireguard|^ppp|^ipsec|vpn|openvpn|^gpd|^cscotun/i, 'VPN'],
  [/^awdl|^llw|^anpi|^bridge\d/i, 'Apple internal'],
];

const WIFI = /^(wlan|wlp|wlx|wl\d|wifi|wi-fi|airport)|wireless|wi-?fi|wlan/i;
const ETHERNET = /^(eth|enp|eno|ens|enx|em\d)|ethernet|^local area connection/i;

/** A dotted-quad IPv4 address, strictly (no hex, octal or short forms), or null. */
function parseIpv4(address: string): [number, number, number, number] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const nums = parts.map(Number);
  return nums.every((n) => n <= 255) ? (nums as [number, number, number, number]) : null;
}

/** RFC 1918: the ranges home and venue routers hand out. */
function isPrivateIpv4(address: string): boolean {
  const ip = parseIpv4(address);
  if (!ip) return false;
  const [a, b] = ip;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Carrier-grade NAT space, which on a laptop almost always means Tailscale or another overlay VPN. */
function isCgnatIpv4(address: string): boolean {
  const ip = parseIpv4(address);
  return ip !== null && ip[0] === 100 && ip[1] >= 64 && ip[1] <= 127;
}

function isLinkLocalIpv4(address: string): boolean {
  return address.startsWith('169.254.');
}

interface Classified {
  readonly kind: AddressKind;
  readonly label: string;
}

/**
 * What an adapter is, from its name and address. macOS names both Wi-Fi and
 * Ethernet `enN` (en0 is the built-in Wi-Fi on laptops), so a plain `en`
 * name with a private address counts as a LAN adapter of unknown kind.
 */
export function classifyAdapter(name: string, address: string): Classified {
  for (const [pattern, what] of VIRTUAL_ADAPTERS) {
    if (pattern.test(name)) return { kind: 'virtual', label: `Virtual adapter (${what})` };
  }
  if (isCgnatIpv4(address)) return { kind: 'virtual', label: 'Virtual adapter (VPN)' };
  if (WIFI.test(name)) return { kind: 'wifi', label: 'Wi-Fi' };
  if (ETHERNET.test(name)) return { kind: 'ethernet', label: 'Ethernet' };
  return { kind: 'lan', label: 'Network' };
}

const KIND_RANK: Record<AddressKind, number> = { wifi: 0, ethernet: 1, lan: 2, virtual: 3, loopback: 4 };

/**
 * The host's addresses, best first: real adapters with private addresses
 * (Wi-Fi, then Ethernet, then others), then real adapters with other
 * addresses, then link-local, then virtual adapters, then localhost last.
 * Only IPv4: phones type these, and every venue router hands out IPv4.
 */
export function rankLanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, port: number): LanAddress[] {
  const found: { address: LanAddress; rank: number; order: number }[] = [];
  let order = 0;
  for (const [name, list] of Object.entries(interfaces)) {
    for (const info of list ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      const { kind, label } = classifyAdapter(name, info.address);
      const reach = isPrivateIpv4(info.address) ? 0 : isLinkLocalIpv4(info.address) ? 2 : 1;
      const rank = kind === 'virtual' ? 100 + reach : reach * 10 + KIND_RANK[kind];
      found.push({ address: { url: `http://${info.address}:${port}/`, label, kind }, rank, order: order++ });
    }
  }
  found.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const addresses = found.map((f) => f.address);
  addresses.push({ url: `http://localhost:${port}/`, label: 'This computer only', kind: 'loopback' });
  return addresses;
}

/** True when some address is one that another device could reach (not loopback, not virtual). */
export function hasLanAddress(addresses: readonly LanAddress[]): boolean {
  return addresses.some((a) => a.kind !== 'loopback' && a.kind !== 'virtual');
}

/** The addresses for a host bound to one address (`--bind`): only that one. */
export function boundAddress(host: string, port: number): LanAddress {
  const isLoopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    label: isLoopback ? 'This computer only' : 'Network',
    kind: isLoopback ? 'loopback' : 'lan',
  };
}

/** Two address lists name the same URLs in the same order. */
export function sameAddresses(a: readonly LanAddress[], b: readonly LanAddress[]): boolean {
  return a.length === b.length && a.every((x, i) => x.url === b[i]?.url && x.label === b[i]?.label);
}

/**
 * True for addresses a LAN auction can live at: loopback, private and
 * link-local IPv4 (RFC 1918, RFC 3927, CGNAT 100.64/10 used by some VPNs),
 * IPv6 loopback, unique-local and link-local, single-label names and
 * `.local` / `.lan` / `.home.arpa` / `.internal` names.
 */
export function isLanHostname(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === '') return false;
  const v4 = parseIpv4(host);
  if (v4) {
    const [a, b] = v4 as [number, number, number, number];
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.includes(':')) {
    return host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
  }
  if (/^\d+(\.\d+)*$/.test(host)) return false; // odd numeric forms are not hostnames
  if (!host.includes('.')) return true; // "localhost", "auction-pc"
  return /\.(local|lan|home\.arpa|internal)$/.test(host);
}

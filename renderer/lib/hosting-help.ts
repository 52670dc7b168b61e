import type { HostingInfo, LanAddress } from '../../main/ipc-contract';

/**
 * The words the hosting card says, as a pure view-model: which address to
 * give the room, how many devices are in, and what to do when none can get
 * in (the firewall question, guest Wi-Fi, a laptop with no network).
 */

export type DesktopPlatform = 'windows' | 'mac' | 'other';

/** The OS from the user agent (the renderer has no `process.platform`). */
export function platformOf(userAgent: string): DesktopPlatform {
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Macintosh|Mac OS X/i.test(userAgent)) return 'mac';
  return 'other';
}

/** What the OS asks the first time Gavel hosts, and the answer phones need. */
export function firstHostNotice(platform: DesktopPlatform): string | null {
  switch (platform) {
    case 'windows':
      return 'The first time Gavel hosts, Windows Firewall asks whether Gavel may use the network: tick “Private networks” and choose Allow, or phones cannot connect.';
    case 'mac':
      return 'The first time Gavel hosts, macOS asks whether Gavel may find and connect to devices on your local network: choose Allow, or phones cannot connect.';
    default:
      return null;
  }
}

/** The addresses to show: the ones phones can use, best first; loopback only when nothing else exists. */
export function joinAddresses(info: HostingInfo): readonly LanAddress[] {
  const reachable = info.addresses.filter((a) => a.kind !== 'loopback');
  return reachable.length > 0 ? reachable : info.addresses;
}

export function devicesSummary(info: HostingInfo): string {
  const { total, fromNetwork } = info.devices;
  const here = total - fromNetwork;
  const network = fromNetwork === 1 ? '1 device on the network' : `${fromNetwork} devices on the network`;
  return here > 0 ? `${network}, ${here} on this computer` : network;
}

/** How long without a single device from the network before the card offers help. */
export const NO_DEVICE_HELP_AFTER_MS = 60_000;

/** True when no phone or laptop has come in over the network for a while: something is in the way. */
export function needsConnectionHelp(info: HostingInfo, now: number): boolean {
  return info.devices.everFromNetwork === 0 && now - info.startedAt >= NO_DEVICE_HELP_AFTER_MS;
}

/** What to check when no device gets in, most likely first. */
export function connectionHelp(platform: DesktopPlatform): string[] {
  return [
    'Phones must be on the same Wi-Fi as this computer, not on mobile data.',
    'Guest and office Wi-Fi often keep devices apart (client isolation): use a normal network, or this computer’s hotspot.',
    ...(platform === 'windows'
      ? [
          'Windows Firewall: open Windows Security → Firewall & network protection → Allow an app through firewall, and tick Private for Gavel. If Windows calls this network Public, make it Private in Settings → Network.',
        ]
      : platform === 'mac'
        ? [
            'macOS: System Settings → Privacy & Security → Local Network: turn Gavel on. A firewall set to block all incoming connections keeps phones out too.',
          ]
        : ['Check that no firewall blocks incoming connections to Gavel’s port.']),
    'Type the address exactly as shown here, with the port, or scan the QR code from the join sheet.',
  ];
}

export const NO_NETWORK_NOTICE =
  'This computer is not on a network that phones can reach. Connect it to the venue’s Wi-Fi or Ethernet (or turn on its hotspot): the join address appears here as soon as it is.';

/** What stopping a hosted auction does to the room, said by every question that stops it. */
export const STOP_HOSTING_CONSEQUENCE =
  'Phones and laptops connected to this computer lose the auction, and no one can bid until you resume it. Every accepted bid is saved: resume it later from Home.';

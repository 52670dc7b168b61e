import { describe, expect, it } from 'vitest';
import type { HostingInfo } from '../../../main/ipc-contract';
import {
  connectionHelp,
  devicesSummary,
  firstHostNotice,
  joinAddresses,
  needsConnectionHelp,
  NO_DEVICE_HELP_AFTER_MS,
  platformOf,
} from '../../../renderer/lib/hosting-help';

const WIFI = { url: 'http://192.168.1.20:4700/', label: 'Wi-Fi', kind: 'wifi' } as const;
const WSL = { url: 'http://172.29.96.1:4700/', label: 'Virtual adapter (WSL)', kind: 'virtual' } as const;
const LOCAL = { url: 'http://localhost:4700/', label: 'This computer only', kind: 'loopback' } as const;

function info(overrides: Partial<HostingInfo> = {}): HostingInfo {
  return {
    auctionId: 'a1',
    auctionName: 'Sunday league',
    port: 4700,
    addresses: [WIFI, WSL, LOCAL],
    hasLanAddress: true,
    joinCodes: { admin: 'A', spectator: 'S', teams: {}, urls: [], addresses: [] },
    adminUrl: 'http://127.0.0.1:4700/',
    advertised: true,
    startedAt: 1_000,
    devices: { total: 0, fromNetwork: 0, everFromNetwork: 0 },
    ...overrides,
  };
}

describe('the hosting card', () => {
  it('reads the platform from Electron’s user agents', () => {
    expect(platformOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Gavel/0.1.0 Electron/45.5.0')).toBe(
      'windows',
    );
    expect(platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Electron/45.5.0')).toBe('mac');
    expect(platformOf('Mozilla/5.0 (X11; Linux x86_64) Electron/45.5.0')).toBe('other');
  });

  it('tells Windows and macOS users what the OS will ask the first time', () => {
    expect(firstHostNotice('windows')).toMatch(/Windows Firewall .*“Private networks”.*Allow/);
    expect(firstHostNotice('mac')).toMatch(/local network: choose Allow/);
    expect(firstHostNotice('other')).toBeNull();
  });

  it('gives the room the reachable addresses, and loopback only when there is nothing else', () => {
    expect(joinAddresses(info())).toEqual([WIFI, WSL]);
    expect(joinAddresses(info({ addresses: [LOCAL], hasLanAddress: false }))).toEqual([LOCAL]);
  });

  it('counts devices on the network apart from this computer’s own windows', () => {
    expect(devicesSummary(info())).toBe('0 devices on the network');
    expect(devicesSummary(info({ devices: { total: 3, fromNetwork: 1, everFromNetwork: 4 } }))).toBe(
      '1 device on the network, 2 on this computer',
    );
  });

  it('offers help once a minute has passed with no device from the network', () => {
    expect(needsConnectionHelp(info(), 1_000 + NO_DEVICE_HELP_AFTER_MS - 1)).toBe(false);
    expect(needsConnectionHelp(info(), 1_000 + NO_DEVICE_HELP_AFTER_MS)).toBe(true);
    const joined = info({ devices: { total: 0, fromNetwork: 0, everFromNetwork: 1 } });
    expect(needsConnectionHelp(joined, 10 * NO_DEVICE_HELP_AFTER_MS)).toBe(false);
  });

  it('names the firewall setting of the platform it runs on', () => {
    expect(connectionHelp('windows').join(' ')).toMatch(/Allow an app through firewall/);
    expect(connectionHelp('mac').join(' ')).toMatch(/Privacy & Security → Local Network/);
    expect(connectionHelp('other').join(' ')).toMatch(/client isolation/);
  });
});

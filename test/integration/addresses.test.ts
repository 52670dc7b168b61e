import { afterEach, describe, expect, it } from 'vitest';
import type { LanAddress } from '../../main/host/addresses';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let test: TestHost | null = null;
afterEach(async () => {
  await test?.close();
  test = null;
});

const loopback: LanAddress = { url: 'http://localhost:4700/', label: 'This computer only', kind: 'loopback' };
const wifi: LanAddress = { url: 'http://192.168.1.20:4700/', label: 'Wi-Fi', kind: 'wifi' };

describe('the host follows its network adapters', () => {
  it('sends the admin new addresses when Wi-Fi comes up after hosting started', async () => {
    let current: LanAddress[] = [loopback];
    const seen: (readonly LanAddress[])[] = [];
    test = await startTestHost(makeConfig({ teams: 2, lots: 2 }), {
      host: '127.0.0.1',
      readAddresses: () => current,
      addressWatchMs: 10,
      onAddressesChanged: (addresses) => seen.push(addresses),
    });
    const admin = await test.admin();
    current = [wifi, loopback];
    await admin.waitFor((c) => c.joinCodes?.urls[0] === wifi.url, 10_000);
    expect(admin.joinCodes?.addresses).toEqual([wifi, loopback]);
    expect(test.host.urls).toEqual([wifi.url, loopback.url]);
    expect(seen).toEqual([[wifi, loopback]]);
  });
});

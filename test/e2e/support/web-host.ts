import type { HostOptions } from '../../../main/host/host-server';
import type { AuctionConfig } from '../../../shared/auction/types';
import type { TestHost } from '../../helpers/host';
import { PageSet, useChromium } from './browser';
import { startWebHost } from './host';

export interface WebHost {
  readonly host: TestHost;
  readonly pages: PageSet;
}

export interface WebHostFixture {
  /** A host serving the built renderer and an empty set of pages in the suite's Chromium; both closed after the test. */
  start(config: AuctionConfig, options?: Partial<HostOptions>): Promise<WebHost>;
  /** For a test that closes its host itself (to watch its pages through an outage): nothing left to close after it. */
  forgetHost(): void;
}

/**
 * The set-up every browser test shares: Chromium for the suite, and per test
 * one host and the pages that look at it. After each test the pages close
 * first (so no page logs the host's going as an error), then the host, then
 * whatever `after` holds (a second host, a temporary folder).
 */
export function useWebHost(after?: () => Promise<void> | void): WebHostFixture {
  let host: TestHost | null = null;
  let pages: PageSet | null = null;
  const chromium = useChromium(async () => {
    await pages?.close();
    pages = null;
    await host?.close();
    host = null;
    await after?.();
  });
  return {
    async start(config, options = {}) {
      const started = await startWebHost(config, options);
      host = started;
      pages = new PageSet(chromium.browser);
      return { host: started, pages };
    },
    forgetHost() {
      host = null;
    },
  };
}

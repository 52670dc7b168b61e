import type { HostOptions } from '../../../main/host/host-server';
import type { AuctionConfig, Team } from '../../../shared/auction/types';
import { startTestHost, type TestHost } from '../../helpers/host';
import { WEB_BUILD_DIR } from './browser';

/** USD minor units: the e2e auctions are in dollars. */
export const DOLLARS = 100;

/** The three teams the UI tests bid with. */
export const TEAMS: Team[] = [
  { id: 'T1', name: 'Mumbai Mavericks', short: 'MUM', purse: 1000 * DOLLARS },
  { id: 'T2', name: 'Chennai Chargers', short: 'CHE', purse: 1000 * DOLLARS },
  { id: 'T3', name: 'Kolkata Knights', short: 'KOL', purse: 1000 * DOLLARS },
];

/**
 * A host on a loopback port that serves the built renderer, driven by a
 * FakeClock: lots close only when the console hammers or the test advances
 * the clock, so every state stays on screen until the test has checked it.
 */
export async function startWebHost(config: AuctionConfig, options: Partial<HostOptions> = {}): Promise<TestHost> {
  return startTestHost(config, { staticDir: WEB_BUILD_DIR, ...options });
}

/** The page a join link opens: `?code=` joins; `#view=` picks a screen. */
export function joinUrl(host: TestHost, code: string | null, view?: string): string {
  const query = code === null ? '' : `?code=${encodeURIComponent(code)}`;
  return `${host.url}/${query}${view ? `#view=${view}` : ''}`;
}

export function teamCode(host: TestHost, teamId: string): string {
  const code = host.host.joinCodes.teams[teamId];
  if (!code) throw new Error(`No join code for team ${teamId}`);
  return code;
}

// Types for product-steps.mjs (plain JavaScript so that the smoke test runs with bare `node`).
import type { Browser, Locator, Page } from 'playwright-core';

export interface PlacedBid {
  readonly bidId: string;
  readonly lotId: string;
  readonly amount: number;
  readonly teamId: string;
}
type Log = (message: string) => void;

export const POLL_MS: number;
export const POLLS: number;
export function check(condition: unknown, message: string, log?: Log): void;
export function waitFor<T>(what: string, probe: () => T | Promise<T>): Promise<NonNullable<T>>;
export function fatal(message: string): Error;
export function testId(page: Page, id: string): Locator;
export function attr(page: Page, id: string, name: string): Promise<string | null>;
export function screenOf(page: Page): Promise<string | null>;
export function startFromSetup(page: Page, log?: Log): Promise<void>;
export function bidOverSocket(options: {
  base: string;
  code: string | undefined;
  teamId: string;
  log: Log;
}): Promise<PlacedBid>;
export function showsBid(page: Page, placed: PlacedBid, what: string, log?: Log): Promise<void>;
export function servedPageShowsBid(options: {
  browser: Browser;
  base: string;
  code: string | undefined;
  placed: PlacedBid;
  screenshot?: string;
  log?: Log;
}): Promise<void>;
export function journalHoldsBid(text: string, placed: PlacedBid): { events: number; found: boolean };

import { Rpc } from './rpc';

/**
 * The app process's channel to the test (which owns Chromium and the fake
 * LAN). One per process: the electron and bonjour stand-ins and the runner
 * share it. Only for the forked app process.
 */

if (!process.send) throw new Error('child-channel: this module runs only in a forked app process');

export const toTest = new Rpc(process);

/** Tells the test about a gap or a misuse, so it fails even when the app swallows the error. */
export function reportStandInError(message: string): void {
  process.stderr.write(`[stand-in] ${message}\n`);
  toTest.notify('standin:error', message);
}

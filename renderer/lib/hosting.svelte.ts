import type { HostingInfo } from '../../main/ipc-contract';
import type { Connection } from './connection.svelte';
import { getDesktop } from './desktop';
import { router } from './router.svelte';
import { session } from './session.svelte';

/**
 * What the desktop app is hosting, if anything: the main process is the
 * truth (`currentHosting`, then `onHostingChanged`), so a reloaded or
 * reopened window, or a window that wandered off to Home or to another
 * host, always knows the auction this computer serves and how to get back
 * to its console. In a plain browser there is nothing to host and this
 * stays null.
 */
class Hosting {
  #info = $state.raw<HostingInfo | null>(null);
  #isStopping = $state.raw(false);
  #loaded: Promise<HostingInfo | null>;

  constructor() {
    const desktop = getDesktop();
    if (!desktop) {
      this.#loaded = Promise.resolve(null);
      return;
    }
    desktop.onHostingChanged((info) => (this.#info = info));
    this.#loaded = desktop.currentHosting().then(
      (info) => (this.#info = info),
      () => null,
    );
  }

  /** The hosted auction, or null. */
  get info(): HostingInfo | null {
    return this.#info;
  }

  get isStopping(): boolean {
    return this.#isStopping;
  }

  /** Resolves once the main process has said what it hosts (at once in a browser). */
  get loaded(): Promise<HostingInfo | null> {
    return this.#loaded;
  }

  /** True when `connection` is this computer's own console of the hosted auction. */
  isConsole(connection: Connection | null): boolean {
    const info = this.#info;
    return (
      info !== null &&
      connection !== null &&
      connection.target.url === info.adminUrl &&
      connection.target.code === info.joinCodes.admin
    );
  }

  /** Joins the hosted auction as its auctioneer: Setup before the start, the console after. */
  openConsole(): void {
    const info = this.#info;
    if (!info) return;
    if (!this.isConsole(session.connection)) session.join({ url: info.adminUrl, code: info.joinCodes.admin });
    router.go('auto');
  }

  /** Stops hosting (the caller has asked first) and leaves the auction's console. */
  async stop(): Promise<void> {
    const desktop = getDesktop();
    if (!desktop || !this.#info) return;
    this.#isStopping = true;
    try {
      const wasConsole = this.isConsole(session.connection);
      await desktop.stopHosting();
      this.#info = null;
      if (wasConsole) session.leave();
      router.go('auto');
    } finally {
      this.#isStopping = false;
    }
  }
}

export const hosting = new Hosting();

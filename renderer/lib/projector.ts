import type { Connection } from './connection.svelte';
import { getDesktop } from './desktop';
import { router } from './router.svelte';

/**
 * Opens the room screen. On the desktop it is a window of its own (full screen
 * on a second display) that joins the host with the spectator code; in a
 * browser this tab switches to the projector view.
 */
export function openProjector(connection: Connection): void {
  const desktop = getDesktop();
  const codes = connection.joinCodes;
  if (desktop && codes) {
    const base = connection.target.url.replace(/\/?$/, '/');
    void desktop.openProjector(`${base}#view=projector&code=${encodeURIComponent(codes.spectator)}`);
    return;
  }
  router.go('projector');
}

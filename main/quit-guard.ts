/**
 * What closing the main window or quitting does while this app hosts an
 * auction. Phones and laptops are connected to this computer: quitting takes
 * the auction away from them, so the organiser is asked first. On macOS the
 * app lives on with its window closed (the host keeps running, and the dock
 * icon reopens the window on the console), so closing the window there asks
 * nothing.
 */

export interface QuitQuestion {
  readonly message: string;
  readonly detail: string;
  /** The buttons, safe choice first: index 0 keeps hosting. */
  readonly buttons: readonly [string, string];
}

/** The question to ask before quitting, or null when nothing is hosted. */
export function quitQuestion(auctionName: string | null): QuitQuestion | null {
  if (auctionName === null) return null;
  return {
    message: `Gavel is hosting “${auctionName}”. Quit and stop the auction?`,
    detail:
      'Phones and laptops connected to this computer lose the auction, and no one can bid until you resume it. ' +
      'Every accepted bid is saved: resume it later from Gavel’s Home screen.',
    buttons: ['Keep hosting', 'Stop and quit'],
  };
}

/** Closing the last window quits the app everywhere but macOS. */
export function closeQuitsApp(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

import type { GavelDesktopApi } from '../../main/ipc-contract';

/** The Electron preload's API, or null in a plain browser (where the UI must work without it). */
export function getDesktop(): GavelDesktopApi | null {
  return window.gavel ?? null;
}

/**
 * The sentence to show for a failed desktop call. Electron wraps an error
 * thrown in the main process as "Error invoking remote method 'x': Error: …";
 * the organiser should read only Gavel's own sentence.
 */
export function desktopErrorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(?:[A-Z][A-Za-z]*)?Error:\s*/, '');
}

/**
 * Saves text as a file: through the desktop's save dialog in Electron, as a
 * download in a browser.
 */
export async function saveTextFile(name: string, content: string, type: string): Promise<void> {
  const desktop = getDesktop();
  if (desktop) {
    await desktop.saveFile({ defaultName: name, content });
    return;
  }
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

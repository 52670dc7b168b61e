import type { PowerSaveBlocker } from 'electron';

/**
 * Keeps the computer awake while it matters. Hosting holds
 * `prevent-app-suspension` (the screen may dim, the host must keep running:
 * a sleeping laptop drops every phone); an open projector window holds
 * `prevent-display-sleep` (the room is looking at it). If the system sleeps
 * anyway (a closed lid wins), the host pauses the auction when it wakes
 * [AUC11].
 */
export class PowerGuard {
  readonly #blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;
  #hosting: number | null = null;
  #projecting: number | null = null;

  constructor(blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>) {
    this.#blocker = blocker;
  }

  setHosting(on: boolean): void {
    this.#hosting = this.#toggle(this.#hosting, on, 'prevent-app-suspension');
  }

  setProjecting(on: boolean): void {
    this.#projecting = this.#toggle(this.#projecting, on, 'prevent-display-sleep');
  }

  #toggle(id: number | null, on: boolean, type: 'prevent-app-suspension' | 'prevent-display-sleep'): number | null {
    if (on) return id !== null && this.#blocker.isStarted(id) ? id : this.#blocker.start(type);
    if (id !== null && this.#blocker.isStarted(id)) this.#blocker.stop(id);
    return null;
  }
}

/**
 * A ticking reading of the host's clock for countdowns. Construct it while a
 * component initialises: its timer lives and dies with that component.
 */
export class HostClock {
  #now = $state.raw(0);

  constructor(read: () => number, intervalMs = 100) {
    this.#now = read();
    $effect(() => {
      const timer = setInterval(() => {
        this.#now = read();
      }, intervalMs);
      return () => clearInterval(timer);
    });
  }

  /** Host time in ms, at most `intervalMs` old. */
  get now(): number {
    return this.#now;
  }
}

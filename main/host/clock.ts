/**
 * The host's only source of time. The lot clock runs on it, so tests can
 * drive a whole auction with a fake clock in milliseconds of real time.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

export type ClockTimer = { readonly id: unknown };

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref?.();
    return { id: handle };
  },
  clearTimeout(timer) {
    clearTimeout(timer.id as ReturnType<typeof setTimeout>);
  },
};

/**
 * Sounds made on the fly with WebAudio (no audio files): a double gavel knock
 * when a lot is sold and a soft tick in the last seconds. Off by default; the
 * choice is kept in localStorage. Browsers only let audio start after a user
 * gesture, so the AudioContext is made on the first toggle or key press.
 */

const STORAGE_KEY = 'gavel.sound';

function readEnabled(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

class Sound {
  #enabled = $state.raw(readEnabled());
  #context: AudioContext | null = null;

  get enabled(): boolean {
    return this.#enabled;
  }

  toggle(): void {
    this.#enabled = !this.#enabled;
    try {
      localStorage.setItem(STORAGE_KEY, this.#enabled ? 'on' : 'off');
    } catch {
      // Private windows may refuse storage; the toggle still works for this page.
    }
    if (this.#enabled) {
      this.unlock();
      this.playTick();
    }
  }

  /** Creates or resumes the AudioContext; call from a user gesture. */
  unlock(): void {
    if (!this.#enabled) return;
    if (!this.#context) {
      const Context = globalThis.AudioContext;
      if (!Context) return;
      this.#context = new Context();
    }
    if (this.#context.state === 'suspended') void this.#context.resume();
  }

  playGavel(): void {
    const ctx = this.#ready();
    if (!ctx) return;
    this.#knock(ctx, ctx.currentTime);
    this.#knock(ctx, ctx.currentTime + 0.18);
  }

  playTick(): void {
    const ctx = this.#ready();
    if (!ctx) return;
    const t = ctx.currentTime;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = 1400;
    gain.gain.setValueAtTime(0.06, t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.05);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.06);
  }

  #ready(): AudioContext | null {
    if (!this.#enabled || !this.#context || this.#context.state !== 'running') return null;
    return this.#context;
  }

  /** A wooden knock: a falling low sine for the body plus a short filtered noise burst for the strike. */
  #knock(ctx: AudioContext, t: number): void {
    const body = ctx.createOscillator();
    const bodyGain = ctx.createGain();
    body.type = 'sine';
    body.frequency.setValueAtTime(190, t);
    body.frequency.exponentialRampToValueAtTime(70, t + 0.15);
    bodyGain.gain.setValueAtTime(0.7, t);
    bodyGain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
    body.connect(bodyGain).connect(ctx.destination);
    body.start(t);
    body.stop(t + 0.2);

    const length = Math.floor(ctx.sampleRate * 0.04);
    const buffer = ctx.createBuffer(1, length, ctx.sampleRate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < length; i++) data[i] = (Math.random() * 2 - 1) * (1 - i / length);
    const noise = ctx.createBufferSource();
    const filter = ctx.createBiquadFilter();
    const noiseGain = ctx.createGain();
    noise.buffer = buffer;
    filter.type = 'bandpass';
    filter.frequency.value = 2200;
    noiseGain.gain.value = 0.5;
    noise.connect(filter).connect(noiseGain).connect(ctx.destination);
    noise.start(t);
  }
}

/** One sound switch for the whole page. */
export const sound = new Sound();

import { readHash } from './urls';

/**
 * A tiny hash router. The hash holds `view=...` so one build serves every
 * screen (`#view=projector` for a room screen, `#view=results`), and it can
 * carry `code=...` for a join link that never reaches a server log.
 */

export type View = 'auto' | 'setup' | 'console' | 'bidder' | 'projector' | 'results';

const VIEWS: readonly View[] = ['auto', 'setup', 'console', 'bidder', 'projector', 'results'];

function parseView(value: string | null): View {
  return VIEWS.find((view) => view === value) ?? 'auto';
}

class Router {
  #view = $state.raw<View>(parseView(readHash().get('view')));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.#view = parseView(readHash().get('view'));
    });
  }

  get view(): View {
    return this.#view;
  }

  /** Shows `view`, keeping browser history so Back returns to the previous screen. */
  go(view: View): void {
    const params = readHash();
    if (view === 'auto') params.delete('view');
    else params.set('view', view);
    const hash = params.toString();
    history.pushState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    this.#view = view;
  }
}

export const router = new Router();

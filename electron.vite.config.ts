import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';

/**
 * electron-vite builds three bundles:
 * - out/main/index.js (ESM): the shell plus the host; runtime dependencies
 *   (socket.io, bonjour-service) stay external and ship in node_modules.
 * - out/preload/index.cjs: CommonJS, one self-contained file, because a
 *   sandboxed preload can neither load ES modules nor require anything but
 *   `electron` (and a few Node built-ins).
 *
 * The renderer is not built here: electron-vite would force a relative
 * `base` and drop the modulepreload polyfill, and the desktop host would then
 * serve phones a different bundle from the one the browser tests load.
 * `npm run build` runs `vite build --config vite.web.config.ts` after this,
 * so the desktop window, phones on a desktop host and phones on the CLI host
 * all get the one bundle in out/renderer.
 */

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      externalizeDeps: true,
      rollupOptions: { input: { index: fromRoot('./main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      // Bundle everything the preload imports (only the IPC contract): nothing to resolve at run time.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fromRoot('./main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
});

import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { UserConfig } from 'vite';

/**
 * The renderer's Vite settings (vite.web.config.ts builds with them). One
 * bundle for every place the app runs: the desktop window (app://gavel/), a
 * desktop host's phones and the CLI host's phones (http://<host>:4700/).
 * Output goes to out/renderer, which the host serves at `/`.
 */

export const RENDERER_ROOT = fileURLToPath(new URL('./renderer', import.meta.url));
export const RENDERER_OUT_DIR = fileURLToPath(new URL('./out/renderer', import.meta.url));

export const rendererConfig = {
  root: RENDERER_ROOT,
  // Absolute paths work both at app://gavel/ and at http://<host>:4700/ (client-side routes included).
  base: '/',
  // The root is renderer/, where the plugin would look for svelte.config.js and not find it.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: {
    outDir: RENDERER_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    // electron-vite leaves the renderer unminified unless told; phones on the LAN load this bundle.
    minify: true,
    cssMinify: true,
    rollupOptions: {
      input: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
    },
  },
} satisfies UserConfig;

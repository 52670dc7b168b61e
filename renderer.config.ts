import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { UserConfig } from 'vite';

/**
 * The renderer's Vite settings, shared by the Electron build
 * (electron.vite.config.ts) and the browser build (vite.web.config.ts), so the
 * page the host serves to browsers on the LAN is the very page the desktop
 * window shows. Output goes to out/renderer, which the host serves at `/`.
 */

export const RENDERER_ROOT = fileURLToPath(new URL('./renderer', import.meta.url));
export const RENDERER_OUT_DIR = fileURLToPath(new URL('./out/renderer', import.meta.url));

export const rendererConfig = {
  root: RENDERER_ROOT,
  // Absolute paths work both at app://gavel/ and at http://<host>:4700/ (client-side routes included).
  base: '/',
  plugins: [svelte()],
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

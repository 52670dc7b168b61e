import { defineConfig, mergeConfig } from 'vite';
import { rendererConfig } from './renderer.config.ts';

/**
 * The plain browser build of the renderer (`npm run build:web`): the shared
 * renderer settings (renderer.config.ts, also used by the Electron build) plus
 * a loopback dev/preview server. The host serves out/renderer at `/` of its
 * HTTP port, so phones and laptops on the LAN join without installing.
 */
export default defineConfig(
  mergeConfig(rendererConfig, {
    server: { host: '127.0.0.1', port: 5174, strictPort: true },
    preview: { host: '127.0.0.1', port: 5174, strictPort: true },
  }),
);

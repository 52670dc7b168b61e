import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, mergeConfig, type Plugin } from 'vite';
import { RENDERER_OUT_DIR, rendererConfig } from './renderer.config.ts';

/**
 * The plain browser build of the renderer (`npm run build:web`): the shared
 * renderer settings (renderer.config.ts, also used by the Electron build) plus
 * a loopback dev/preview server. The host serves out/renderer at `/` of its
 * HTTP port, so phones and laptops on the LAN join without installing.
 */

const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/**
 * Writes `.br` and `.gz` beside every text asset, compressed once at the
 * highest levels, so the host (main/host/static-files.ts) sends them with
 * `content-encoding` and never compresses per request.
 */
function precompress(): Plugin {
  /** The build's own folder (`--outDir` moves it). */
  let outDir = RENDERER_OUT_DIR;
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
    );
    return nested.flat();
  };
  return {
    name: 'gavel-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      for (const file of await walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const data = await readFile(file);
        if (data.length < MIN_BYTES) continue;
        const [br, gzipped] = await Promise.all([
          brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
          gz(data, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        // A copy that is not smaller would only cost a stat per request.
        if (br.length < data.length) await writeFile(`${file}.br`, br);
        if (gzipped.length < data.length) await writeFile(`${file}.gz`, gzipped);
      }
    },
  };
}

export default defineConfig(
  mergeConfig(rendererConfig, {
    plugins: [precompress()],
    server: { host: '127.0.0.1', port: 5174, strictPort: true },
    preview: { host: '127.0.0.1', port: 5174, strictPort: true },
  }),
);

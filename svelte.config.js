import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Shared by Vite (web and Electron builds), svelte-check and the ESLint Svelte parser. */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};

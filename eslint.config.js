import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PLATFORM_IMPORTS = {
  message: 'shared/ is pure: the platform is passed in.',
  group: ['electron', 'node:*', 'socket.io*', 'svelte', 'svelte/*', 'fs', 'path', 'os', 'crypto'],
};

/** The import rule for one folder of shared/: the platform list plus the sibling folders it must not reach. */
function layer(files, forbidden, why) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            PLATFORM_IMPORTS,
            { group: forbidden.flatMap((name) => [`**/${name}`, `**/${name}/*`]), message: `${why}.` },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'test-results/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // shared/ is pure: no platform, no transport, no clock, no randomness, so
    // the engine runs the same in the host, the renderer and a test.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [PLATFORM_IMPORTS] }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate', 'window', 'document', 'process'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is passed in (ctx.now).' },
        { object: 'Math', property: 'random', message: 'Randomness is seeded and passed in.' },
        { object: 'performance', property: 'now', message: 'Time is passed in (ctx.now).' },
      ],
    },
  },
  // Layers inside shared/ point down: core <- auction <- protocol, catalog.
  // A later block replaces the rule's options for its files, so each repeats the platform list.
  layer('shared/core/**/*.ts', ['auction', 'protocol', 'catalog'], 'core is the bottom layer'),
  layer('shared/auction/**/*.ts', ['protocol', 'catalog'], 'auction sits below protocol and catalog'),
  layer('shared/protocol/**/*.ts', ['catalog'], 'protocol and catalog are siblings'),
  layer('shared/catalog/**/*.ts', ['protocol'], 'protocol and catalog are siblings'),
);

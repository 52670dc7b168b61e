import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * build/installer.nsh (the firewall rule) compiled with a real makensis (Debian's `nsis`,
 * installed by .ci/run), in a harness that stands in for what electron-builder's templates
 * define ($installMode, UAC_IsAdmin, APP_EXECUTABLE_FILENAME). The Windows release job
 * compiles it for real inside electron-builder's installer; this catches a syntax error here.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const hasMakensis = spawnSync('makensis', ['-VERSION'], { stdio: 'ignore' }).status === 0;
const work = mkdtempSync(join(tmpdir(), 'gavel-nsis-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function compile(include: string): { status: number | null; output: string } {
  const script = [
    'Unicode true',
    '!include LogicLib.nsh',
    'Var installMode',
    '!define APP_EXECUTABLE_FILENAME "Gavel.exe"',
    '!macro _UAC_IsAdmin _a _b _t _f',
    '  StrCmp "1" "1" `${_t}` `${_f}`',
    '!macroend',
    '!define UAC_IsAdmin `"" UAC_IsAdmin ""`',
    `!include "${include}"`,
    `OutFile "${join(work, 'harness.exe')}"`,
    'RequestExecutionLevel user',
    'Section "install"',
    '  StrCpy $installMode "all"',
    '  !insertmacro customInstall',
    '  WriteUninstaller "$INSTDIR\\Uninstall Gavel.exe"',
    'SectionEnd',
    'Section "un.Uninstall"',
    '  !insertmacro customUnInstall',
    'SectionEnd',
  ].join('\n');
  const file = join(work, 'harness.nsi');
  writeFileSync(file, script);
  const result = spawnSync('makensis', ['-V2', file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!hasMakensis)('build/installer.nsh under makensis', () => {
  it('compiles, with the install and uninstall macros electron-builder calls', () => {
    const result = compile(join(ROOT, 'build', 'installer.nsh'));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('is a harness that would catch a broken include', () => {
    const broken = join(work, 'broken.nsh');
    writeFileSync(broken, '!macro customInstall\n  ${if} $installMode == "all"\n!macroend\n');
    expect(compile(broken).status).not.toBe(0);
  });
});

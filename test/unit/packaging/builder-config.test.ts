import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Resolves electron-builder.yml the way electron-builder does before a build, for Windows,
 * macOS and Linux, with electron-builder's own code (Packager.validateConfig: the YAML
 * loader, package.json metadata, the schema check; then each platform's packager and
 * artifact-name expansion). Nothing is built, so the Windows and macOS settings are
 * checked on any machine.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// app-builder-lib is electron-builder's engine: resolve it from electron-builder itself, so this
// test always reads the version that `npm run package:*` runs.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));

type Arch = number;
interface PlatformHelper {
  readonly platformSpecificBuildOptions: Record<string, unknown> & {
    target?: { target: string; arch: string[] }[];
    extendInfo?: Record<string, unknown>;
    entitlements?: string;
    entitlementsInherit?: string;
    hardenedRuntime?: boolean;
  };
  expandArtifactNamePattern(options: unknown, ext: string, arch?: Arch | null): string;
}
interface BuilderLib {
  Packager: new (options: { projectDir: string; targets: unknown }) => {
    config: Record<string, Record<string, unknown>>;
    validateConfig(): Promise<void>;
    createHelper(platform: unknown): Promise<PlatformHelper>;
    _appInfo: unknown;
  };
  Platform: { WINDOWS: PlatformLike; MAC: PlatformLike; LINUX: PlatformLike };
  Arch: { x64: Arch; arm64: Arch };
}
interface PlatformLike {
  createTarget(type: null, ...archs: Arch[]): unknown;
}
type NsisTargetClass = new (
  packager: PlatformHelper,
  outDir: string,
  name: string,
  helper: { refCount: number },
) => { readonly shouldBuildUniversalInstaller: boolean; readonly options: Record<string, unknown> };

const lib = requireFromBuilder('app-builder-lib') as BuilderLib;
const { AppInfo } = requireFromBuilder('app-builder-lib/out/appInfo') as {
  AppInfo: new (p: unknown, v: null) => unknown;
};
const { NsisTarget } = requireFromBuilder('app-builder-lib/out/targets/nsis/NsisTarget') as {
  NsisTarget: NsisTargetClass;
};

let packager: InstanceType<BuilderLib['Packager']>;
let win: PlatformHelper;
let mac: PlatformHelper;
let linux: PlatformHelper;
const { x64, arm64 } = lib.Arch;

beforeAll(async () => {
  packager = new lib.Packager({
    projectDir: ROOT,
    targets: lib.Platform.WINDOWS.createTarget(null, x64, arm64),
  });
  await packager.validateConfig();
  packager._appInfo = new AppInfo(packager, null);
  win = await packager.createHelper(lib.Platform.WINDOWS);
  mac = await packager.createHelper(lib.Platform.MAC);
  linux = await packager.createHelper(lib.Platform.LINUX);
}, 60_000);

describe('fuses (every platform)', () => {
  it('turn the inspect arguments off, with the rest of the hardening', () => {
    expect(packager.config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });
});

describe('Windows', () => {
  it('builds NSIS for x64 and arm64', () => {
    expect(win.platformSpecificBuildOptions.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
  });

  it('writes one installer per arch, named by arch, and no combined one', () => {
    const nsis = new NsisTarget(win, join(ROOT, 'dist'), 'nsis', { refCount: 0 });
    expect(nsis.shouldBuildUniversalInstaller).toBe(false);
    expect(win.expandArtifactNamePattern(nsis.options, 'exe', x64)).toBe('Gavel-Setup-0.1.0-x64.exe');
    expect(win.expandArtifactNamePattern(nsis.options, 'exe', arm64)).toBe('Gavel-Setup-0.1.0-arm64.exe');
  });

  it('adds a private-network firewall rule when installed elevated, and removes it on uninstall', () => {
    const nsis = packager.config.nsis as { include: string; perMachine: boolean; oneClick: boolean };
    // Assisted installer, per user by default: the user may choose "for all users" (elevated).
    expect(nsis).toMatchObject({ oneClick: false, perMachine: false });
    const script = readFileSync(join(ROOT, nsis.include), 'utf8');
    const install = /!macro customInstall\b([\s\S]*?)!macroend/.exec(script)?.[1] ?? '';
    const uninstall = /!macro customUnInstall\b([\s\S]*?)!macroend/.exec(script)?.[1] ?? '';
    expect(install).toMatch(/\$installMode == "all"/);
    expect(install).toMatch(/UAC_IsAdmin/);
    const add = /netsh\.exe" advfirewall firewall add rule ([^']*)'/.exec(install)?.[1] ?? '';
    expect(add).toContain('dir=in');
    expect(add).toContain('action=allow');
    expect(add).toContain('profile=private');
    expect(add).toContain('program="$INSTDIR\\${APP_EXECUTABLE_FILENAME}"');
    expect(add).not.toMatch(/profile=(public|any)|profile=[a-z,]*public/);
    expect(uninstall).toContain('gavelDeleteFirewallRule');
    expect(script).toMatch(/advfirewall firewall delete rule name="Gavel" dir=in program="\$INSTDIR/);
  });
});

describe('macOS', () => {
  it('builds dmg and zip for x64 and arm64, with distinct names', () => {
    expect(mac.platformSpecificBuildOptions.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    const names = [x64, arm64].flatMap((arch) => [
      mac.expandArtifactNamePattern(packager.config.dmg, 'dmg', arch),
      mac.expandArtifactNamePattern(null, 'zip', arch),
    ]);
    expect(names).toEqual([
      'Gavel-0.1.0-x64.dmg',
      'Gavel-0.1.0-x64-mac.zip',
      'Gavel-0.1.0-arm64.dmg',
      'Gavel-0.1.0-arm64-mac.zip',
    ]);
  });

  it('signs with the hardened runtime and only the entitlements Gavel needs', () => {
    const options = mac.platformSpecificBuildOptions;
    expect(options.hardenedRuntime).toBe(true);
    expect(options.entitlementsInherit).toBe(options.entitlements);
    const plist = readFileSync(join(ROOT, options.entitlements ?? ''), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(keys.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.network.client',
      'com.apple.security.network.server',
    ]);
  });

  it('declares local-network use and the Bonjour service in Info.plist', () => {
    const info = mac.platformSpecificBuildOptions.extendInfo ?? {};
    expect(info.NSLocalNetworkUsageDescription).toEqual(expect.stringMatching(/local network/i));
    expect(info.NSBonjourServices).toEqual(['_gavel._tcp']);
  });
});

describe('Linux', () => {
  it('builds an x64 AppImage and deb', () => {
    expect(linux.platformSpecificBuildOptions.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
    expect(linux.expandArtifactNamePattern(packager.config.appImage, 'AppImage', x64)).toBe(
      'Gavel-0.1.0-x86_64.AppImage',
    );
  });
});

describe('releases', () => {
  it('are GitHub drafts, which electron-updater reads once published', () => {
    expect(packager.config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
  });
});

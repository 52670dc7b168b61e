import * as electron from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isTrustedSender, pushTo, registerIpc, REQUEST_PARSERS, type InvokeHandlers } from '../../../main/ipc';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type GavelDesktopApi, type InvokeChannel } from '../../../main/ipc-contract';
import type { AuctionConfig } from '../../../shared/auction/types';
import { makeConfig } from '../../helpers/builders';
import type { ElectronMock } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).createElectronMock());
const mock = electron as unknown as ElectronMock;

const CONFIG: AuctionConfig = makeConfig({ teams: 2, lots: 3 });

function makeHandlers(): InvokeHandlers & Record<InvokeChannel, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => `answer from ${c}`)])) as never;
}

const APP_FRAME = { url: 'app://gavel/index.html#/host', parent: null };

function invoke(channel: string, frame: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = mock.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve().then(() => handler({ senderFrame: frame }, ...args));
}

beforeEach(() => {
  mock.ipcMain.handlers.clear();
});

describe('IPC wiring', () => {
  it('registers exactly one handler for every channel of the contract, and removes them', () => {
    const remove = registerIpc({ ipcMain: mock.ipcMain as never, handlers: makeHandlers() });
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    remove();
    expect(mock.ipcMain.handlers.size).toBe(0);
  });

  it('has no channel in both directions and no duplicates', () => {
    const all = [...INVOKE_CHANNELS, ...PUSH_CHANNELS];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('sender checks', () => {
  it.each([
    ['a page on the internet', { url: 'https://evil.example/', parent: null }],
    ['a page served by a LAN host', { url: 'http://192.168.1.20:4700/', parent: null }],
    ['a local file', { url: 'file:///tmp/evil.html', parent: null }],
    ['another app:// host', { url: 'app://evil/index.html', parent: null }],
    ['a sub-frame of our page', { url: 'app://gavel/index.html', parent: { url: 'app://gavel/' } }],
    ['a destroyed frame', null],
    ['the dev server URL when not in development', { url: 'http://localhost:5173/', parent: null }],
  ])('refuses %s, before the handler runs', async (_name, frame) => {
    const handlers = makeHandlers();
    const log = vi.fn();
    registerIpc({ ipcMain: mock.ipcMain as never, handlers, log });
    for (const channel of INVOKE_CHANNELS) {
      await expect(invoke(channel, frame), channel).rejects.toThrow(/not allowed/);
      expect(handlers[channel]).not.toHaveBeenCalled();
    }
    expect(log).toHaveBeenCalledTimes(INVOKE_CHANNELS.length);
  });

  it('accepts the top frame of our own renderer', async () => {
    const handlers = makeHandlers();
    registerIpc({ ipcMain: mock.ipcMain as never, handlers });
    await expect(invoke('hosting:stop', APP_FRAME)).resolves.toBe('answer from hosting:stop');
    await expect(invoke('projector:open', APP_FRAME, 'http://192.168.1.20:4700/')).resolves.toBe(
      'answer from projector:open',
    );
    expect(handlers['projector:open']).toHaveBeenCalledWith('http://192.168.1.20:4700/');
  });

  it('accepts the dev server only when it is the configured one', () => {
    const frame = { url: 'http://localhost:5173/', parent: null };
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender(frame, null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('request parsing', () => {
  beforeEach(() => {
    registerIpc({ ipcMain: mock.ipcMain as never, handlers: makeHandlers() });
  });

  it('passes a valid new auction or resume request through', async () => {
    expect(REQUEST_PARSERS['hosting:start']({ config: CONFIG, port: 0 })).toEqual({ config: CONFIG, port: 0 });
    expect(REQUEST_PARSERS['hosting:start']({ resumeId: '20260101-1200-abc123' })).toEqual({
      resumeId: '20260101-1200-abc123',
    });
    await expect(invoke('hosting:start', APP_FRAME, { resumeId: 'abc' })).resolves.toBe('answer from hosting:start');
  });

  it.each([
    ['no argument', undefined],
    ['a bad port', { resumeId: 'abc', port: 70_000 }],
    ['a fractional port', { resumeId: 'abc', port: 4700.5 }],
    ['a resume id that climbs folders', { resumeId: '../../etc' }],
    ['both config and resume id', { resumeId: 'abc', config: CONFIG }],
    ['an invalid config', { config: { ...CONFIG, teams: 'many' } }],
    ['a config that is not an object', { config: 'IPL' }],
  ])('refuses hosting:start with %s', async (_name, request) => {
    await expect(invoke('hosting:start', APP_FRAME, request)).rejects.toThrow(/hosting:start/);
  });

  it('refuses unexpected arguments, folders in save names and non-string URLs', async () => {
    await expect(invoke('hosting:stop', APP_FRAME, { now: true })).rejects.toThrow(/takes no argument/);
    await expect(invoke('auctions:list', APP_FRAME, undefined, 'extra')).rejects.toThrow(/at most one/);
    await expect(invoke('file:save', APP_FRAME, { defaultName: '../.bashrc', content: 'x' })).rejects.toThrow(/folder/);
    await expect(invoke('file:save', APP_FRAME, { defaultName: 'a\\b.csv', content: 'x' })).rejects.toThrow(/folder/);
    await expect(invoke('file:save', APP_FRAME, { defaultName: 'results.csv', content: 42 })).rejects.toThrow(/text/);
    await expect(invoke('file:save', APP_FRAME, { defaultName: 'results.csv', content: 'a,b' })).resolves.toBeDefined();
    await expect(invoke('projector:open', APP_FRAME, { url: 'x' })).rejects.toThrow(/URL/);
  });

  it('[DSP1] takes only plain image file names for file:catalog-images, a bounded number at a time', async () => {
    const channel = 'file:catalog-images';
    for (const names of [
      ['../secret.png'],
      ['/etc/passwd'],
      ['C:\\x.png'],
      ['http://x.example/a.png'],
      ['a.svg'],
      [42],
    ]) {
      await expect(invoke(channel, APP_FRAME, { names }), JSON.stringify(names)).rejects.toThrow(/file:catalog-images/);
    }
    await expect(invoke(channel, APP_FRAME, { names: 'a.png' })).rejects.toThrow(/names/);
    const many = Array.from({ length: 21 }, (_, i) => `p${i}.png`);
    await expect(invoke(channel, APP_FRAME, { names: many })).rejects.toThrow(/at most 20/);
    await expect(invoke(channel, APP_FRAME, { names: ['Rohit Verma.JPG'] })).resolves.toBeDefined();
  });
});

describe('push messages', () => {
  it('send to live contents and skip destroyed ones', () => {
    const live = { send: vi.fn(), isDestroyed: () => false };
    const gone = { send: vi.fn(), isDestroyed: () => true };
    pushTo(live, 'menu:command', 'open-projector');
    pushTo(gone, 'menu:command', 'open-projector');
    pushTo(null, 'menu:command', 'open-projector');
    expect(live.send).toHaveBeenCalledWith('menu:command', 'open-projector');
    expect(gone.send).not.toHaveBeenCalled();
  });
});

describe('preload', () => {
  it('exposes named functions as window.gavel and never ipcRenderer', async () => {
    vi.resetModules();
    const fresh = (await import('electron')) as unknown as ElectronMock;
    await import('../../../main/preload');
    expect(fresh.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = fresh.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, GavelDesktopApi];
    expect(key).toBe('gavel');
    for (const [name, value] of Object.entries(api)) {
      expect(typeof value, name).toBe('function');
      expect(value, name).not.toBe(fresh.ipcRenderer.invoke);
      expect(value, name).not.toBe(fresh.ipcRenderer.on);
    }
    expect(Object.keys(api)).not.toContain('ipcRenderer');

    // Each invoke function uses its own channel, and together they cover the contract.
    const calls: [string, unknown][] = [];
    fresh.ipcRenderer.invoke.mockImplementation((async (channel: string, arg?: unknown) => {
      calls.push([channel, arg]);
    }) as never);
    await api.startHosting({ resumeId: 'abc' });
    await api.stopHosting();
    await api.currentHosting();
    await api.listAuctions();
    await api.discoveredHosts();
    await api.openProjector('http://10.0.0.2:4700/');
    await api.openCsv();
    await api.readCatalogImages({ names: ['a.png'] });
    await api.saveFile({ defaultName: 'r.csv', content: '' });
    await api.revealJournalFolder();
    expect(calls.map(([c]) => c).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(calls[0]).toEqual(['hosting:start', { resumeId: 'abc' }]);
  });

  it('hands listeners the payload only, and unsubscribes', async () => {
    vi.resetModules();
    const fresh = (await import('electron')) as unknown as ElectronMock;
    await import('../../../main/preload');
    const api = fresh.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as unknown as GavelDesktopApi;
    const listener = vi.fn();
    const off = api.onHostsChanged(listener);
    const [channel, wrapped] = fresh.ipcRenderer.on.mock.calls[0] as unknown as [string, (...a: unknown[]) => void];
    expect(channel).toBe('discovery:changed');
    wrapped({ sender: 'the IPC event must not leak' }, []);
    expect(listener).toHaveBeenCalledWith([]);
    off();
    expect(fresh.ipcRenderer.removeListener).toHaveBeenCalledWith('discovery:changed', wrapped);
    expect(() => api.onMenuCommand('nope' as never)).toThrow(TypeError);
  });
});

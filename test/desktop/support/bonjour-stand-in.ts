import { EventEmitter } from 'node:events';
import { reportStandInError, toTest } from './child-channel';
import type { LanService } from './protocol';

/**
 * `bonjour-service` for the desktop tests: the slice main/host/discovery.ts
 * uses (publish, find, destroy), carried by the test process's fake LAN
 * (desktop.ts) instead of multicast. No socket is opened here; every app
 * process of a test shares the one fake LAN, and services announce
 * 127.0.0.1 as their address.
 */

interface PublishConfig {
  name: string;
  type: string;
  port: number;
  txt?: Record<string, string>;
  [other: string]: unknown;
}

const browsers = new Map<number, Browser>();

class Service extends EventEmitter {
  readonly name: string;
  readonly type: string;
  readonly port: number;
  readonly txt: Record<string, string>;
  readonly host: string;
  readonly fqdn: string;
  readonly addresses = ['127.0.0.1'];
  published = false;
  readonly #owner: Bonjour;
  readonly #registered: Promise<string | null>;

  constructor(owner: Bonjour, config: PublishConfig) {
    super();
    this.#owner = owner;
    this.name = config.name;
    this.type = config.type;
    this.port = config.port;
    this.txt = { ...(config.txt ?? {}) };
    this.host = `gavel-app-${process.pid}.local`;
    this.fqdn = `${config.name}._${config.type}._tcp.local`;
    const service: Omit<LanService, 'key'> = {
      name: this.name,
      type: this.type,
      port: this.port,
      host: this.host,
      addresses: this.addresses,
      txt: this.txt,
    };
    this.#registered = toTest.request<string>('lan:publish', service).then(
      (key) => {
        this.published = true;
        return key;
      },
      (err: unknown) => {
        this.emit('error', err instanceof Error ? err : new Error(String(err)));
        return null;
      },
    );
  }

  stop(callback?: () => void): void {
    void (async () => {
      const key = await this.#registered;
      if (key) await toTest.request('lan:unpublish', key).catch(() => undefined);
      this.published = false;
      this.#owner.services.delete(this);
      callback?.();
    })();
  }
}

class Browser extends EventEmitter {
  readonly id: number;
  readonly type: string;
  constructor(id: number, type: string) {
    super();
    this.id = id;
    this.type = type;
  }
  stop(): void {
    browsers.delete(this.id);
    toTest.notify('lan:unbrowse', this.id);
  }
}

let nextBrowser = 1;

export class Bonjour {
  readonly services = new Set<Service>();
  readonly #browsers = new Set<Browser>();

  constructor(options: Record<string, unknown> = {}, _errorCallback?: (err: unknown) => void) {
    if (Object.keys(options).length > 0) {
      reportStandInError(`bonjour-service stand-in: options ${JSON.stringify(options)} are not implemented`);
    }
  }

  publish(config: PublishConfig): Service {
    const service = new Service(this, config);
    this.services.add(service);
    return service;
  }

  find(config: { type: string; [other: string]: unknown }, onUp?: (service: LanService) => void): Browser {
    if (Object.keys(config).some((k) => k !== 'type')) {
      reportStandInError(`bonjour-service stand-in: find options ${JSON.stringify(config)} are not implemented`);
    }
    const browser = new Browser(nextBrowser++, config.type);
    if (onUp) browser.on('up', onUp);
    browsers.set(browser.id, browser);
    this.#browsers.add(browser);
    toTest.notify('lan:browse', { id: browser.id, type: config.type });
    return browser;
  }

  destroy(callback?: () => void): void {
    for (const browser of this.#browsers) browser.stop();
    this.#browsers.clear();
    const services = [...this.services];
    let left = services.length;
    if (left === 0) {
      callback?.();
      return;
    }
    for (const service of services) {
      service.stop(() => {
        left -= 1;
        if (left === 0) callback?.();
      });
    }
  }
}

export default { Bonjour };

toTest.handle('lan:event', (params) => {
  const { browserId, event, service } = params as { browserId: number; event: 'up' | 'down'; service: LanService };
  const browser = browsers.get(browserId);
  if (!browser) return;
  const { key, ...rest } = service;
  browser.emit(event, { ...rest, fqdn: key, protocol: 'tcp' });
});

import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction';
import { errorOf, makeConfig, makeLot, makeRunning, makeSetup, run } from '../../helpers/builders';

const PHOTO = '0123456789abcdef0123456789abcdef.jpg';

describe('display', () => {
  it('[DSP1] a photo is a media name the host gave, never a path or a URL', () => {
    const config = makeConfig();
    expect(validateConfig({ ...config, lots: [makeLot(1, { photo: PHOTO })] })).toBeNull();
    for (const photo of ['../secret.jpg', 'http://example.com/a.jpg', 'photo.jpg', `${PHOTO.slice(0, 32)}.svg`, '']) {
      expect(validateConfig({ ...config, lots: [makeLot(1, { photo })] })?.message).toMatch(/^lots\[0\]\.photo /);
    }
  });

  it('[DSP2] configure sets the display in setup, keeps it when absent, and is refused after the start', () => {
    const setup = makeSetup().state;
    expect(setup.config.display).toBeUndefined();
    const display = { league: 'Premier League', logo: PHOTO, stats: ['country', 'matches'] };
    const configured = run(setup, [{ type: 'auction:configure', display }]).state;
    expect(configured.config.display).toEqual(display);
    const renamed = run(configured, [{ type: 'auction:configure', name: 'Night two' }]).state;
    expect(renamed.config.display).toEqual(display);
    expect(errorOf(makeRunning(), { type: 'auction:configure', display })).toBe('not_in_setup');
  });

  it('[DSP3] at most 6 stats, each a column name', () => {
    const config = makeConfig();
    const stats = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(validateConfig({ ...config, display: { stats } })).toBeNull();
    expect(validateConfig({ ...config, display: { stats: [...stats, 'g'] } })?.message).toMatch(/^display\.stats /);
    expect(validateConfig({ ...config, display: { stats: [''] } })?.message).toMatch(/^display\.stats\[0\] /);
    expect(validateConfig({ ...config, display: { logo: 'x.png' } })?.message).toMatch(/^display\.logo /);
  });
});

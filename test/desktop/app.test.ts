import { describe, expect, it } from 'vitest';
import { byTestId, expectScreen, expectText, saveScreenshot } from '../e2e/support/browser';
import { useDesktop } from './support/desktop';

const desktop = useDesktop();

describe('first launch', () => {
  it('opens one window on Home, served from app://gavel with the preload API', async () => {
    const app = await desktop.launch('host');
    const main = await app.mainWindow();
    await expectScreen(main.page, 'home');
    await expectText(main.page.getByRole('heading', { name: 'Host an auction' }), 'Host an auction');
    await expect(byTestId(main.page, 'host-new').isEnabled()).resolves.toBe(true);
    const state = await app.state();
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]).toMatchObject({ url: 'app://gavel/index.html', visible: true, hasPreload: true });
    await saveScreenshot(main.page, 'desktop-home');
    app.assertNoErrors();
  });
});

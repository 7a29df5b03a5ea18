import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchProfile, testId, type Profile } from './harness';

/**
 * Firefox (MV3) installs Sidenote without access to the sites it knows; the options page asks.
 * Chromium grants that access at install, so here the browser's answers are played by hand
 * (the permission prompt itself belongs to the browser and cannot be clicked by a test).
 */
describe('site access in the options page', () => {
  let profile: Profile;
  beforeAll(async () => {
    profile = await launchProfile();
  });
  afterAll(() => profile.close());

  async function optionsWith(answers: { granted: boolean; allow: boolean }) {
    const page = await profile.context.newPage();
    await page.addInitScript((a) => {
      const permissions = (globalThis as unknown as { chrome: { permissions: Record<string, unknown> } }).chrome.permissions;
      let granted = a.granted;
      const asked: unknown[] = [];
      (globalThis as unknown as { asked: unknown[] }).asked = asked;
      permissions.getAll = () => Promise.resolve({ permissions: [], origins: granted ? ['<all_urls>'] : [] });
      permissions.request = (query: unknown) => {
        asked.push(query);
        granted = a.allow;
        return Promise.resolve(a.allow);
      };
    }, answers);
    await page.goto(profile.url('options.html'));
    await testId(page, 'join').waitFor();
    return page;
  }

  it('asks nothing when the browser granted the sites at install (Chrome)', async () => {
    const page = await profile.context.newPage();
    await page.goto(profile.url('options.html'));
    await testId(page, 'join').waitFor();
    expect(await testId(page, 'site-access').count()).toBe(0);
    await page.close();
  });

  it('asks for every known site when they are not granted, and steps aside once allowed', async () => {
    const page = await optionsWith({ granted: false, allow: true });
    await testId(page, 'site-access-grant').click();
    await testId(page, 'site-access').waitFor({ state: 'detached' });
    const asked = (await page.evaluate(() => (globalThis as unknown as { asked: { origins: string[] }[] }).asked)) ?? [];
    expect(asked).toHaveLength(1);
    expect(asked[0]!.origins).toEqual(
      expect.arrayContaining(['https://mail.google.com/*', 'https://outlook.office.com/*', 'https://mail.qq.com/*']),
    );
    expect(asked[0]!.origins).not.toContain('https://sidenote.invalid/*');
    await page.close();
  });

  it('says so when the user refuses, and keeps the button', async () => {
    const page = await optionsWith({ granted: false, allow: false });
    await testId(page, 'site-access-grant').click();
    await testId(page, 'site-access-denied').waitFor();
    expect(await testId(page, 'site-access-denied').textContent()).toContain('Access was not given');
    expect(await testId(page, 'site-access-grant').isVisible()).toBe(true);
    await page.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { startBackground } from './background';
import { SidenoteDB } from './db';

describe('probe', () => {
  it('starts', async () => {
    fakeBrowser.reset();
    const bg = startBackground(new SidenoteDB(`c-${crypto.randomUUID()}`));
    expect(bg).toBeTruthy();
  });
});

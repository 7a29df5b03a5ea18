import { describe, expect, it } from 'vitest';
import { coversAll, knownSiteOrigins } from './site-access';

describe('knownSiteOrigins', () => {
  it('lists every content script’s sites once, without the generic script’s placeholder', () => {
    expect(
      knownSiteOrigins({
        content_scripts: [
          { matches: ['https://mail.google.com/*'] },
          { matches: ['https://sidenote.invalid/*'] },
          { matches: ['https://*.pipedrive.com/*', 'https://mail.google.com/*'] },
          {},
        ],
      }),
    ).toEqual(['https://*.pipedrive.com/*', 'https://mail.google.com/*']);
  });

  it('is empty for a manifest without content scripts', () => {
    expect(knownSiteOrigins({})).toEqual([]);
  });
});

describe('coversAll', () => {
  const wanted = ['https://mail.google.com/*', 'https://*.pipedrive.com/*'];
  it('is true only when every wanted pattern is granted, or every site is', () => {
    expect(coversAll(['https://*.pipedrive.com/*', 'https://mail.google.com/*', 'https://other.example/*'], wanted)).toBe(true);
    expect(coversAll(['https://mail.google.com/*'], wanted)).toBe(false);
    expect(coversAll([], wanted)).toBe(false);
    expect(coversAll(['<all_urls>'], wanted)).toBe(true);
  });
});

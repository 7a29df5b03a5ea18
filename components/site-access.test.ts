import { describe, expect, it } from 'vitest';
import { knownSiteOrigins } from './site-access';

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

import { describe, expect, it } from 'vitest';
import { isBuiltInSite, webOrigin } from './site-access';

const scripts = [
  { matches: ['https://mail.google.com/*'] },
  { matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'] },
];

describe('site access', () => {
  it('knows the sites Sidenote runs on by itself', () => {
    expect(isBuiltInSite('https://mail.google.com/mail/u/0/#inbox', scripts)).toBe(true);
    expect(isBuiltInSite('https://acme.lightning.force.com/lightning/r/Contact/003/view', scripts)).toBe(true);
    expect(isBuiltInSite('https://crm.example.com/customers/7', scripts)).toBe(false);
  });
  it('turns sites on by origin, web pages only', () => {
    expect(webOrigin('https://crm.example.com/customers/7?tab=2')).toBe('https://crm.example.com');
    expect(webOrigin('chrome://extensions')).toBeNull();
    expect(webOrigin('not a url')).toBeNull();
  });
});

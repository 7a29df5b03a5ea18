import { runSiteAdapter } from '@/content/run';
import { zoho } from '@/sites/zoho';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: [
    'https://crm.zoho.com/*',
    'https://crm.zoho.eu/*',
    'https://crm.zoho.in/*',
    'https://crm.zoho.com.cn/*',
    'https://crm.zoho.com.au/*',
  ],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(zoho, ctx);
  },
});

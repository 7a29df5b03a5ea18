import { runSiteAdapter } from '@/content/run';
import { salesforce } from '@/sites/salesforce';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(salesforce, ctx);
  },
});

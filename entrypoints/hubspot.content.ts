import { runSiteAdapter } from '@/content/run';
import { hubspot } from '@/sites/hubspot';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*', 'https://app-na2.hubspot.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(hubspot, ctx);
  },
});

import { runSiteAdapter } from '@/content/run';
import { outlook } from '@/sites/outlook';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(outlook, ctx);
  },
});

import { runSiteAdapter } from '@/content/run';
import { gmail } from '@/sites/gmail';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(gmail, ctx);
  },
});

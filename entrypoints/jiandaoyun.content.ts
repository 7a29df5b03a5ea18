import { runSiteAdapter } from '@/content/run';
import { jiandaoyun } from '@/sites/jiandaoyun';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://*.jiandaoyun.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(jiandaoyun, ctx);
  },
});

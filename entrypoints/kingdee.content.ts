import { runSiteAdapter } from '@/content/run';
import { kingdee } from '@/sites/kingdee';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://*.ik3cloud.com/*', 'https://*.kingdee.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(kingdee, ctx);
  },
});

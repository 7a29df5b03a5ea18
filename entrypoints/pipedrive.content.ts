import { runSiteAdapter } from '@/content/run';
import { pipedrive } from '@/sites/pipedrive';

export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://*.pipedrive.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(pipedrive, ctx);
  },
});

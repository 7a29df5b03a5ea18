import { runSiteAdapter } from '@/content/run';
import { aliyun } from '@/sites/aliyun';

// The enterprise app lives under /alimail/; the personal service's paths are not known.
export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://qiye.aliyun.com/alimail/*', 'https://mail.aliyun.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(aliyun, ctx);
  },
});

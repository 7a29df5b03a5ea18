import { runSiteAdapter } from '@/content/run';
import { qqmail } from '@/sites/qqmail';

// Top frame only: the adapter reads the classic UI's same-origin mainFrame itself.
export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://exmail.qq.com/*', 'https://en.exmail.qq.com/*', 'https://mail.qq.com/*', 'https://wx.mail.qq.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(qqmail, ctx);
  },
});

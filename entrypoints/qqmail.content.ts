import { runSiteAdapter } from '@/content/run';
import { qqmail } from '@/sites/qqmail';

// Top frame only: the adapter reads the classic UI's same-origin mainFrame itself.
export default defineContentScript({
  matches: ['https://exmail.qq.com/*', 'https://en.exmail.qq.com/*', 'https://mail.qq.com/*', 'https://wx.mail.qq.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(qqmail, ctx);
  },
});

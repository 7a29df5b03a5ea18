import { runSiteAdapter } from '@/content/run';
import { netease } from '@/sites/netease';

// 网易企业邮箱 runs on qiye.163.com and regional hosts (hwmail.qiye.163.com…): `*.` matches both.
export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: [
    'https://mail.163.com/*',
    'https://mail.126.com/*',
    'https://webmail.vip.163.com/*',
    'https://hwwebmail.mail.163.com/*',
    'https://*.qiye.163.com/*',
  ],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(netease, ctx);
  },
});

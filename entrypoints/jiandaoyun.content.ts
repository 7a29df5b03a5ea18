import { runSiteAdapter } from '@/content/run';
import { jiandaoyun } from '@/sites/jiandaoyun';

export default defineContentScript({
  matches: ['https://*.jiandaoyun.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(jiandaoyun, ctx);
  },
});

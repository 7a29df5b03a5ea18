import { runSiteAdapter } from '@/content/run';
import { kingdee } from '@/sites/kingdee';

export default defineContentScript({
  matches: ['https://*.ik3cloud.com/*', 'https://*.kingdee.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(kingdee, ctx);
  },
});

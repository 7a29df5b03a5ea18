import { runSiteAdapter } from '@/content/run';
import { outlook } from '@/sites/outlook';

export default defineContentScript({
  matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(outlook, ctx);
  },
});

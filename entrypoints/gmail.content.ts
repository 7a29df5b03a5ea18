import { runSiteAdapter } from '@/content/run';
import { gmail } from '@/sites/gmail';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(gmail, ctx);
  },
});

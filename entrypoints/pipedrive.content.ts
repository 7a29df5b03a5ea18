import { runSiteAdapter } from '@/content/run';
import { pipedrive } from '@/sites/pipedrive';

export default defineContentScript({
  matches: ['https://*.pipedrive.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(pipedrive, ctx);
  },
});

import { runSiteAdapter } from '@/content/run';
import { hubspot } from '@/sites/hubspot';

export default defineContentScript({
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*', 'https://app-na2.hubspot.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(hubspot, ctx);
  },
});

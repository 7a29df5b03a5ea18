import { runSiteAdapter } from '@/content/run';
import { salesforce } from '@/sites/salesforce';

export default defineContentScript({
  matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSiteAdapter(salesforce, ctx);
  },
});

import { runSiteAdapter } from '@/content/run';
import { generic } from '@/sites/generic';

/** Any other site, once the user turns Sidenote on for it: registered at run time per site (client/site-access.ts). */
export default defineContentScript({
  // WXT's start message would tell the page our extension id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  matches: ['https://sidenote.invalid/*'],
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    // Turning a site on both registers the script and injects it into the open tab: run once.
    const started = globalThis as { __sidenoteGenericStarted?: boolean };
    if (started.__sidenoteGenericStarted) return;
    started.__sidenoteGenericStarted = true;
    runSiteAdapter(generic, ctx);
  },
});

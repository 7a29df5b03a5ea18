import { MatchPattern } from 'wxt/utils/match-patterns';
import { MutationError } from '@/model/mutators';

const GENERIC_SCRIPT = '/content-scripts/generic.js';
const idOf = (origin: string) => `generic:${origin}`;

/** The origin (`https://crm.example.com`) of a web page's URL, or null for anything else. */
export function webOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** True when one of the extension's own site adapters runs on this URL (Gmail, Salesforce…). */
export function isBuiltInSite(url: string, contentScripts: { matches?: string[] }[]): boolean {
  return contentScripts.some((script) => (script.matches ?? []).some((pattern) => new MatchPattern(pattern).includes(url)));
}

/** Whether Sidenote runs on this page: built in, turned on by the user, or neither. */
export async function siteAccess(url: string): Promise<{ origin: string | null; builtIn: boolean; enabled: boolean }> {
  const origin = webOrigin(url);
  const builtIn = isBuiltInSite(url, browser.runtime.getManifest().content_scripts ?? []);
  if (!origin || builtIn) return { origin, builtIn, enabled: builtIn };
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [idOf(origin)] });
  return { origin, builtIn, enabled: registered.length > 0 };
}

/**
 * Turns Sidenote on for a site the user granted (optional host permission, asked for by the
 * popup): the generic adapter is registered for the site from now on, and started in the open tab.
 */
export async function enableSite(origin: string, tabId: number | null): Promise<void> {
  const pattern = `${origin}/*`;
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new MutationError('forbidden', 'Sidenote needs your permission for this site first.');
  }
  if ((await browser.scripting.getRegisteredContentScripts({ ids: [idOf(origin)] })).length === 0) {
    await browser.scripting.registerContentScripts([
      { id: idOf(origin), matches: [pattern], js: [GENERIC_SCRIPT.slice(1)], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
  if (tabId !== null) await browser.scripting.executeScript({ target: { tabId }, files: [GENERIC_SCRIPT] });
}

/** Turns Sidenote off for a site and gives its permission back. */
export async function disableSite(origin: string): Promise<void> {
  await browser.scripting.unregisterContentScripts({ ids: [idOf(origin)] }).catch(() => undefined);
  await browser.permissions.remove({ origins: [`${origin}/*`] });
}

/**
 * The few words content scripts show in the host page (the handle, the badges' tooltips), from
 * the extension's own `_locales`: the content script then does not carry the whole UI's
 * dictionary (components/i18n.ts), which was most of its size.
 */
export type PageTextKey = 'extName' | 'pageShowSidenote' | 'pageLayoutUnrecognised' | 'pageOwner' | 'pageNoOwner';

export function pageText(key: PageTextKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

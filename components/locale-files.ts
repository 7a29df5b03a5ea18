import { en, zh, type MessageKey } from './messages';
import { messageName } from './message-name';

/** An entry of a `messages.json` (https://developer.chrome.com/docs/extensions/reference/api/i18n). */
export interface LocaleMessage {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

/** The `_locales` folders the extension ships, with each one's dictionary and the language tag its dates and numbers use. */
export const LOCALES = {
  en: { tag: 'en', dictionary: en },
  zh_CN: { tag: 'zh-CN', dictionary: zh },
} as const satisfies Record<string, { tag: string; dictionary: Record<MessageKey, string> }>;

export type LocaleFolder = keyof typeof LOCALES;

/**
 * One language's `messages.json`: the extension's own entries (`public/_locales`: its name, its
 * command, the content scripts' words) and every UI string, each under its `messageName`, with
 * `uiLocale` naming the language, so a page formats dates in the language its strings are in.
 */
export function localeMessages(folder: LocaleFolder, own: Record<string, LocaleMessage>): Record<string, LocaleMessage> {
  const { tag, dictionary } = LOCALES[folder];
  const out: Record<string, LocaleMessage> = {};
  // The browser looks names up ignoring case, so two names that differ only in case are one.
  const taken = new Map<string, string>();
  const add = (name: string, entry: LocaleMessage, from: string) => {
    const other = taken.get(name.toLowerCase());
    if (other !== undefined) throw new Error(`_locales/${folder}: ${from} and ${other} are both named ${name}`);
    taken.set(name.toLowerCase(), from);
    out[name] = entry;
  };
  for (const [name, entry] of Object.entries(own)) add(name, entry, `public/_locales entry ${name}`);
  add(messageName('uiLocale'), { message: tag }, 'uiLocale');
  for (const [key, text] of Object.entries(dictionary) as [MessageKey, string][]) {
    // `$` starts a placeholder in messages.json; `$$` is a plain dollar sign.
    add(messageName(key), { message: text.replaceAll('$', '$$$$') }, key);
  }
  return out;
}

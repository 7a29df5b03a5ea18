import type { MessageKey } from './messages';

/**
 * A UI string's name in `_locales/<lang>/messages.json`: the browser allows only letters,
 * digits and `_` there, so `notes.title` is `notes_title` (locale-files.ts refuses two keys that
 * come out the same).
 */
export function messageName(key: MessageKey | 'uiLocale'): string {
  return key.replaceAll('.', '_');
}

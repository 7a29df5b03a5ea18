/**
 * Unit tests' `browser.i18n`: WXT's fakeBrowser leaves it unimplemented, so this gives it the
 * English `messages.json` the build writes (components/locale-files.ts, over public/_locales),
 * looked up and filled in as the browser does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { localeMessages, type LocaleMessage } from '@/components/locale-files';

const own = JSON.parse(readFileSync(join(process.cwd(), 'public/_locales/en/messages.json'), 'utf8')) as Record<string, LocaleMessage>;
const byName = new Map(Object.entries(localeMessages('en', own)).map(([name, entry]) => [name.toLowerCase(), entry]));

fakeBrowser.i18n.getMessage = (name: string, substitutions?: string | (string | number)[]) => {
  const entry = byName.get(name.toLowerCase());
  if (!entry) return '';
  const subs = (substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]).map(String);
  const named = entry.message.replace(
    /\$(\w+)\$/g,
    (m, placeholder: string) => entry.placeholders?.[placeholder.toLowerCase()]?.content ?? m,
  );
  return named.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '').replaceAll('$$', '$');
};

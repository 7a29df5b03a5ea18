/**
 * The UI's words in the browser's language (English, or Simplified Chinese for a Chinese
 * browser), read from the extension's `_locales` (generated from components/messages.ts): a page
 * carries no dictionary, and the browser loads only its language's. `{name}` placeholders are
 * filled by `t`.
 */
import { DEFAULT_STAGES } from '@/model/stages';
import { messageName } from './message-name';
import type { MessageKey } from './messages';

export type Locale = 'en' | 'zh-CN';

let current: Locale | null = null;

/** A message by its name in `_locales` ('' when there is none); WXT types `getMessage` by public/_locales alone, which lacks the generated names. */
const message = (name: string): string => (browser.i18n.getMessage as (name: string) => string)(name);

/** The UI language: the one the browser picked the strings in (components/locale-files.ts). */
export function locale(): Locale {
  current ??= message(messageName('uiLocale')) === 'zh-CN' ? 'zh-CN' : 'en';
  return current;
}

/** Whether the UI has words for this key (keys made from codes and names the server sends may not). */
export function hasMessage(key: string): key is MessageKey {
  return message(messageName(key as MessageKey)) !== '';
}

/** The translated message, with `{param}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = message(messageName(key)) || key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A translated sentence for an error code when there is one, else the server's own words. */
export function errorText(code: string, message: string, params: Record<string, string> = {}): string {
  // The entity names which thing is gone (a follow-up, a note…), so "not found" says the right one.
  const keys = [
    params.entity ? `error.${code}.${params.entity}` : null,
    params.action ? `error.${code}.${params.action}` : null,
    `error.${code}`,
  ];
  const key = keys.find((k): k is MessageKey => k !== null && hasMessage(k));
  return key ? t(key, { message, ...params }) : message;
}

/** Any error a request failed with, in words (translated by its code and the names it mentions). */
export function errorOf(e: unknown): string {
  const err = e as { code?: string; message?: string; params?: Record<string, string> };
  return errorText(err.code ?? '', err.message ?? String(e), err.params ?? {});
}

/** "Your hand-off was refused: …", in words, for a refusal the server reported. */
export function refusalText(refusal: { name: string; code: string; message: string; params: Record<string, string> }): string {
  const key = `mutation.${refusal.name}`;
  const what = hasMessage(key) ? t(key) : refusal.name;
  return t('refusal.text', { what, message: errorText(refusal.code, refusal.message, refusal.params) });
}

/** A site's name as users know it ("Gmail", "简道云"), not the adapter's id. */
export function siteName(site: string): string {
  const key = `siteName.${site}`;
  return hasMessage(key) ? t(key) : site;
}

/** The stage a name typed in the stage editor stands for: a built-in stage by its shown name, else the name as written. */
export function stageKey(name: string): string {
  return DEFAULT_STAGES.find((stage) => stageName(stage) === name) ?? name;
}

/** A stage's name in the UI's language; a team's own stages are shown as they wrote them. */
export function stageName(stage: string): string {
  const key = `stage.${stage}`;
  return hasMessage(key) ? t(key) : stage;
}

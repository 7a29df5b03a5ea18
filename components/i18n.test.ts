import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LOCALES, localeMessages } from './locale-files';
import { en as messagesEn, zh as messagesZh } from './messages';
import { errorText, locale, stageKey, stageName, t } from './i18n';

const messages = { en: messagesEn, zh: messagesZh };

describe('i18n', () => {
  it('has every message in both languages, without calques the issue named', () => {
    expect(Object.keys(messages.zh).sort()).toEqual(Object.keys(messages.en).sort());
    const zh = Object.values(messages.zh).join('\n');
    expect(zh).not.toMatch(/请请求|你的认领被拒绝/);
    // The customer's owner and a follow-up's assignee are different words.
    expect(messages.zh['customer.owner']).toContain('负责人');
    expect(messages.zh['tasks.assignee']).toBe('执行人');
  });

  it('edits stages by the names the team reads and keeps them as their keys', () => {
    expect(stageName('quoted')).toBe('Quoted');
    expect(stageKey('Quoted')).toBe('quoted');
    expect(stageKey('Samples sent')).toBe('Samples sent');
  });

  it('reads the strings from _locales: every folder the extension ships has a dictionary, every key a message', () => {
    for (const folder of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
      const own = JSON.parse(readFileSync(`public/_locales/${folder}/messages.json`, 'utf8')) as Record<string, { message: string }>;
      const file = localeMessages(folder, own);
      expect(file.extName?.message).toBe(own.extName?.message);
      expect(file.notes_title?.message).toBe(LOCALES[folder].dictionary['notes.title']);
      expect(Object.keys(file)).toHaveLength(Object.keys(own).length + 1 + Object.keys(messages.en).length);
    }
    expect(locale()).toBe('en');
    expect(t('customer.owner', { name: 'Ana' })).toBe('Owner: Ana');
    expect(errorText('not_found', 'gone', { entity: 'note' })).toBe(messages.en['error.not_found.note'].replace('{message}', 'gone'));
    expect(errorText('no_such_code', 'the server’s words')).toBe('the server’s words');
  });

  it('refuses two keys the browser would read as one name', () => {
    expect(() => localeMessages('en', { Notes_Title: { message: 'x' } })).toThrow(/notes_title/i);
  });
});

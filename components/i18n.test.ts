import { describe, expect, it } from 'vitest';
import { messages, stageKey, stageName } from './i18n';

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
});

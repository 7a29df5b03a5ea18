import { describe, expect, it } from 'vitest';
import type { MemberView } from '@/client/api';
import { insertMention, mentionedIds, mentionQuery, suggestions } from './mentions';

const m = (id: string, name: string, email: string, active = true): MemberView => ({ id, name, email, role: 'rep', active });
const team = [
  m('ana', 'Ana Souza', 'ana@x.com'),
  m('ben', 'Ben Okoro', 'ben@x.com'),
  m('li', '李伟', 'liwei@x.com'),
  m('old', 'Bob Gone', 'bob@x.com', false),
];

describe('@mentions in the note box', () => {
  it('reads the name being typed after an @ at the caret, not inside an email address', () => {
    expect(mentionQuery('Ask @Be', 7)).toEqual({ start: 4, query: 'Be' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('请（@李', 4)).toEqual({ start: 2, query: '李' });
    expect(mentionQuery('mail ben@x.com', 14)).toBeNull();
    expect(mentionQuery('@Ben\nnext', 9)).toBeNull();
    expect(mentionQuery('no mention', 10)).toBeNull();
  });

  it('suggests active teammates by any word of their name or their email, never me', () => {
    expect(suggestions(team, 'o', 'ana').map((x) => x.id)).toEqual(['ben']);
    expect(suggestions(team, 'sou', 'ben').map((x) => x.id)).toEqual(['ana']);
    expect(suggestions(team, 'liw', 'ana').map((x) => x.id)).toEqual(['li']);
    expect(suggestions(team, '李', 'ana').map((x) => x.id)).toEqual(['li']);
    expect(suggestions(team, '', 'ana').map((x) => x.id)).toEqual(['ben', 'li']);
  });

  it('puts the chosen name in place of what was typed, and finds who the text mentions', () => {
    expect(insertMention('Ask @Be about it', 4, 7, 'Ben Okoro')).toEqual({ text: 'Ask @Ben Okoro about it', caret: 15 });
    expect(mentionedIds('Ask @Ben Okoro and @李伟, not @Ana Souza', team, 'ana')).toEqual(['ben', 'li']);
    expect(mentionedIds('Ben Okoro without an at', team, 'ana')).toEqual([]);
  });
});

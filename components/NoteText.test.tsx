// @vitest-environment jsdom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { formatNote } from '@/model/note-format';
import type { NoteDoc } from '@/model/note-doc';
import type { NoteKind } from '@/model/schemas';
import { NoteText } from './NoteText';

let root: HTMLElement;
function show(body: string, kind: NoteKind = 'note'): HTMLElement {
  return showDoc(formatNote(kind, body));
}
function showDoc(doc: NoteDoc): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(<NoteText doc={doc} />, root);
  return root;
}
afterEach(() => {
  render(null, root);
  root.remove();
});

/** Every attribute of every element: none may be an event handler, no URL may run script. */
function assertInert(el: HTMLElement) {
  for (const node of el.querySelectorAll('*')) {
    expect(['P', 'BR', 'STRONG', 'EM', 'A', 'UL', 'OL', 'LI', 'DIV', 'SPAN', 'TIME']).toContain(node.tagName);
    for (const attr of node.attributes) {
      expect(attr.name.startsWith('on')).toBe(false);
      if (attr.name === 'href') expect(attr.value).toMatch(/^(https?|mailto):/);
    }
  }
}

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<svg/onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](https://evil.example/track.png)',
  '&lt;img src=x onerror=alert(1)&gt;',
  '**<b onmouseover=alert(1)>bold</b>**',
  '*[x](javascript:alert(1))*',
  '- <iframe src=javascript:alert(1)>',
];

describe('NoteText', () => {
  it('renders bold, italic, lists, links and line breaks as elements', () => {
    const el = show('**Budget** 50k, *soft*\nsecond line\n\n- one\n- [quote](https://crm.example.com/q/1)\n\n2. call li@example.cn');
    expect(el.querySelector('strong')?.textContent).toBe('Budget');
    expect(el.querySelector('em')?.textContent).toBe('soft');
    expect(el.querySelectorAll('br')).toHaveLength(1);
    expect([...el.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['one', 'quote']);
    expect(el.querySelector('ol')?.getAttribute('start')).toBe('2');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://crm.example.com/q/1', 'mailto:li@example.cn']);
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    assertInert(el);
  });

  it.each(PAYLOADS)('%j renders as inert text', (payload) => {
    const el = show(payload);
    assertInert(el);
    expect(el.querySelector('img, script, svg, iframe, b')).toBeNull();
    // What was typed is what is read (markdown marks of the subset aside).
    expect(el.textContent).toContain(payload.includes('alert') ? 'alert(1)' : payload.slice(4, 20));
  });

  it('the same payloads in a chat note are text too', () => {
    const el = show(PAYLOADS.map((p, i) => `[10:${String(i).padStart(2, '0')}] Eve: ${p}`).join('\n'), 'chat');
    assertInert(el);
    expect(el.querySelectorAll('[data-testid="chat-message"]')).toHaveLength(PAYLOADS.length);
    expect(el.querySelector('a, img, script')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('a link node given an unsafe href by anyone renders as text', () => {
    const el = showDoc({ t: 'md', blocks: [{ t: 'p', c: [{ t: 'link', href: 'javascript:alert(1)', c: [{ t: 'text', v: 'x' }] }] }] });
    expect(el.querySelector('a')).toBeNull();
    expect(el.textContent).toBe('x');
  });

  it('shows a pasted conversation with its speakers and times, the name once per turn', () => {
    const el = show('张三 2026/11/30 14:05\n报价收到了吗？\n\n张三 2026/11/30 14:06\n在吗\n\nLi Wei 2026/11/30 14:07\n收到了', 'chat');
    const messages = [...el.querySelectorAll('[data-testid="chat-message"]')];
    expect(messages.map((m) => m.getAttribute('data-speaker'))).toEqual(['张三', '张三', 'Li Wei']);
    expect(messages[0]!.querySelector('.chat-time')?.textContent).toBe('2026/11/30 14:05');
    expect(messages[1]!.classList.contains('same')).toBe(true);
    expect(messages[1]!.querySelector('.chat-time')?.textContent).toBe('14:06');
    expect(messages[2]!.querySelector('.chat-said')?.textContent).toBe('收到了');
  });

  it('a chat note with no recognisable message shows its text as written', () => {
    const el = show('just some *text*\n<b>x</b>', 'chat');
    expect(el.querySelector('[data-testid="chat-message"], em, b')).toBeNull();
    expect(el.textContent).toBe('just some *text*\n<b>x</b>');
  });
});

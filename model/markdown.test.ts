import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown';
import { safeHref, type NoteBlock, type NoteInline } from './note-doc';

const text = (v: string): NoteInline => ({ t: 'text', v });
const p = (...c: NoteInline[]): NoteBlock => ({ t: 'p', c });

/** Every link in a parsed note. */
function links(blocks: NoteBlock[]): string[] {
  const inline = (n: NoteInline): string[] =>
    n.t === 'link' ? [n.href, ...n.c.flatMap(inline)] : n.t === 'strong' || n.t === 'em' ? n.c.flatMap(inline) : [];
  const block = (b: NoteBlock): string[] => (b.t === 'p' ? b.c.flatMap(inline) : b.items.flat().flatMap(block));
  return blocks.flatMap(block);
}

/** The text a reader sees, markup dropped. */
function plain(blocks: NoteBlock[]): string {
  const inline = (n: NoteInline): string => (n.t === 'text' ? n.v : n.t === 'br' ? '\n' : n.c.map(inline).join(''));
  const block = (b: NoteBlock): string => (b.t === 'p' ? b.c.map(inline).join('') : b.items.map((i) => i.map(block).join('\n')).join('\n'));
  return blocks.map(block).join('\n');
}

describe('parseMarkdown: the subset', () => {
  it('reads bold, italic and nested emphasis', () => {
    expect(parseMarkdown('**bold** and *it* and _it_ and __b__')).toEqual([
      p(
        { t: 'strong', c: [text('bold')] },
        text(' and '),
        { t: 'em', c: [text('it')] },
        text(' and '),
        { t: 'em', c: [text('it')] },
        text(' and '),
        { t: 'strong', c: [text('b')] },
      ),
    ]);
    expect(parseMarkdown('**a *b* c** ***d***')).toEqual([
      p({ t: 'strong', c: [text('a '), { t: 'em', c: [text('b')] }, text(' c')] }, text(' '), {
        t: 'em',
        c: [{ t: 'strong', c: [text('d')] }],
      }),
    ]);
  });

  it('reads Chinese text with emphasis', () => {
    expect(parseMarkdown('预算 **50万**，决策人 *张总*')).toEqual([
      p(text('预算 '), { t: 'strong', c: [text('50万')] }, text('，决策人 '), { t: 'em', c: [text('张总')] }),
    ]);
  });

  it('keeps every newline as a line break, and blank lines as paragraphs', () => {
    expect(parseMarkdown('first line\nsecond line\n\nnext paragraph')).toEqual([
      p(text('first line'), { t: 'br' }, text('second line')),
      p(text('next paragraph')),
    ]);
  });

  it('reads bullet and numbered lists, nested, and where a numbered list starts', () => {
    expect(parseMarkdown('- one\n- two **b**\n  - inner')).toEqual([
      {
        t: 'ul',
        items: [[p(text('one'))], [p(text('two '), { t: 'strong', c: [text('b')] }), { t: 'ul', items: [[p(text('inner'))]] }]],
      },
    ]);
    expect(parseMarkdown('3. call\n4. quote')).toEqual([{ t: 'ol', start: 3, items: [[p(text('call'))], [p(text('quote'))]] }]);
  });

  it('keeps a task list box as the text it was', () => {
    expect(plain(parseMarkdown('- [ ] send quote\n- [x] call'))).toBe('[ ] send quote\n[x] call');
  });

  it('links http, https and mailto, written or bare', () => {
    expect(parseMarkdown('[quote](https://crm.example.com/q?id=1&v=2)')).toEqual([
      p({ t: 'link', href: 'https://crm.example.com/q?id=1&v=2', c: [text('quote')] }),
    ]);
    expect(links(parseMarkdown('see http://a.example.com/x, www.b.example.com and li.wei@example.cn or <mailto:z@example.com>'))).toEqual([
      'http://a.example.com/x',
      'http://www.b.example.com/',
      'mailto:li.wei@example.cn',
      'mailto:z@example.com',
    ]);
    expect(parseMarkdown('[**报价**单](https://example.com/报价)')).toEqual([
      p({ t: 'link', href: 'https://example.com/%E6%8A%A5%E4%BB%B7', c: [{ t: 'strong', c: [text('报价')] }, text('单')] }),
    ]);
  });
});

describe('parseMarkdown: outside the subset is text', () => {
  it.each([
    ['# Heading', '# Heading'],
    ['Price\n---', 'Price\n---'],
    ['> quoted', '> quoted'],
    ['`code` and ~~gone~~', '`code` and ~~gone~~'],
    ['```\nfenced\n```', '```\nfenced\n```'],
    ['***', '***'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', '| a | b |\n|---|---|\n| 1 | 2 |'],
    ['![logo](https://example.com/x.png)', '![logo](https://example.com/x.png)'],
  ])('%j', (body, shown) => {
    const blocks = parseMarkdown(body);
    expect(plain(blocks)).toBe(shown);
    expect(links(blocks)).toEqual([]);
  });

  it('keeps a link definition as text (its bare address still links)', () => {
    const blocks = parseMarkdown('[ref]: https://example.com\n[ref]');
    expect(plain(blocks)).toBe('[ref]: https://example.com\n[ref]');
    expect(links(blocks)).toEqual(['https://example.com/']);
  });

  it('keeps a four-space indent pasted from a mail as a paragraph, not code', () => {
    expect(parseMarkdown('Dear Li,\n    the quote is attached')).toEqual([p(text('Dear Li,'), { t: 'br' }, text('the quote is attached'))]);
  });

  it('keeps a backslash escape as the character', () => {
    expect(plain(parseMarkdown(String.raw`\*not bold\*`))).toBe('*not bold*');
  });
});

describe('parseMarkdown: hostile notes are inert text', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<div>\n<img src=x onerror=alert(1)>\n</div>',
  ])('raw HTML %j is its own text', (body) => {
    const blocks = parseMarkdown(body);
    expect(plain(blocks)).toBe(body);
    expect(links(blocks)).toEqual([]);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](JavaScript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x]( javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](jav&#x09;ascript:alert(1))',
    '[x](\\javascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](DATA:text/html,<script>alert(1)</script>)',
    '[x](file:///etc/passwd)',
    '[x](//evil.example.com)',
    '[x](/relative)',
    '<javascript:alert(1)>',
    '[x][1]\n\n[1]: javascript:alert(1)',
    '![x](javascript:alert(1))',
    '[![x](https://e.example/i.png)](javascript:alert(1))',
  ])('%j makes no link', (body) => {
    const blocks = parseMarkdown(body);
    expect(links(blocks)).toEqual([]);
    // What was typed is still there to read (the link shows as its markdown).
    expect(plain(blocks)).toContain(body.startsWith('<') ? '<javascript:' : '[x]');
  });

  it('entities stay text: nothing they spell becomes markup', () => {
    const blocks = parseMarkdown('&lt;img src=x onerror=alert(1)&gt; &#60;script&#62; &amp;lt;b&amp;gt;');
    expect(links(blocks)).toEqual([]);
    expect(blocks).toHaveLength(1);
    const inlines = (blocks[0] as Extract<NoteBlock, { t: 'p' }>).c;
    expect(inlines.every((n) => n.t === 'text')).toBe(true);
  });

  it('a safe link beside a hostile one: only the safe one links', () => {
    expect(links(parseMarkdown('[ok](https://ok.example) [bad](javascript:alert(1)) <img src=x onerror=alert(1)>'))).toEqual([
      'https://ok.example/',
    ]);
  });

  it('nesting too deep stays text instead of making a deep tree', () => {
    const deep = `${'- '.repeat(200)}x`;
    const depth = (b: NoteBlock): number => (b.t === 'p' ? 0 : 1 + Math.max(0, ...b.items.flat().map(depth)));
    expect(Math.max(...parseMarkdown(deep).map(depth))).toBeLessThanOrEqual(9);
    const stars = `${'*'.repeat(500)}x${'*'.repeat(500)}`;
    expect(() => parseMarkdown(stars)).not.toThrow();
  });

  it('a long note parses quickly', () => {
    const body = '**bold** *it* [l](https://e.example) <b>x</b> 报价 50万\n'.repeat(400).slice(0, 20_000);
    const start = performance.now();
    parseMarkdown(body);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('parseMarkdown: any text', () => {
  /** Pieces that make markdown, HTML and URL tricks, glued at random. */
  const piece = fc.constantFrom(
    '*',
    '**',
    '_',
    '[',
    ']',
    '(',
    ')',
    '<',
    '>',
    '!',
    '\\',
    '`',
    '~',
    '#',
    '-',
    '1.',
    ' ',
    '\n',
    '\n\n',
    '\t',
    'javascript:',
    'JaVaScRiPt:',
    'data:',
    'vbscript:',
    'http://',
    'https://',
    'mailto:',
    'www.',
    '&#106;',
    '&colon;',
    '&amp;',
    'alert(1)',
    'a',
    '报价',
    '@',
    '.',
    'x.com',
    '"',
    "'",
    ' onerror=',
    'img',
    'script',
  );
  const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

  it('never throws, and every link it makes is http(s) or mailto', () => {
    fc.assert(
      fc.property(text, (body) => {
        for (const href of links(parseMarkdown(body))) {
          expect(href).toMatch(/^(https?|mailto):/);
          expect(safeHref(href)).toBe(href);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('safeHref', () => {
  it('keeps http, https and mailto, normalised', () => {
    expect(safeHref('HTTPS://Example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeHref('mailto:li@example.cn')).toBe('mailto:li@example.cn');
  });
  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,x',
    'blob:https://a/b',
    '/x',
    'x',
    '',
  ])('refuses %j', (href) => expect(safeHref(href)).toBeNull());
});

import { Lexer, Tokenizer, type Token, type Tokens } from 'marked';
import { safeHref, type NoteBlock, type NoteInline } from './note-doc';

/**
 * Lists and emphasis nest at most this deep; deeper syntax stays text (a note of 10,000 "- "
 * must not make a tree that deep).
 */
const MAX_DEPTH = 8;

/**
 * marked's tokenizer with every construct outside the subset turned off: headings, code, quotes,
 * rules, HTML, tables, link definitions, inline code and strikethrough. Their text then reads as
 * part of the paragraph it sits in, as written (a "# " or four spaces pasted from a mail stay
 * plain text, `<b>` is text, not a tag).
 */
class SubsetTokenizer extends Tokenizer {
  override heading() {
    return undefined;
  }
  override lheading() {
    return undefined;
  }
  override code() {
    return undefined;
  }
  override fences() {
    return undefined;
  }
  override blockquote() {
    return undefined;
  }
  override hr() {
    return undefined;
  }
  override html() {
    return undefined;
  }
  override def() {
    return undefined;
  }
  override table() {
    return undefined;
  }
  override tag() {
    return undefined;
  }
  override codespan() {
    return undefined;
  }
  override del() {
    return undefined;
  }
}

/**
 * A note's text in the markdown subset: paragraphs, bullet and numbered lists, **bold**,
 * *italic*, links (http, https and mailto only; bare addresses too) and line breaks (every
 * newline is one, as in a chat box). Anything else — an image, a `javascript:` link, raw HTML —
 * is kept as the text that was typed.
 */
export function parseMarkdown(body: string): NoteBlock[] {
  const tokens = new Lexer({ gfm: true, breaks: true, tokenizer: new SubsetTokenizer() }).lex(body);
  return blocks(tokens, 0);
}

function blocks(tokens: Token[], depth: number): NoteBlock[] {
  const out: NoteBlock[] = [];
  let checkbox = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'checkbox':
        // A task list item ("- [ ] call back"): the box stays the text it was.
        checkbox = (token as Tokens.Checkbox).checked ? '[x] ' : '[ ] ';
        break;
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Paragraph | Tokens.Text;
        const c = t.tokens ? inlines(t.tokens, depth) : [{ t: 'text' as const, v: t.text }];
        out.push({ t: 'p', c: checkbox ? joinText([{ t: 'text', v: checkbox }, ...c]) : c });
        checkbox = '';
        break;
      }
      case 'list': {
        const list = token as Tokens.List;
        if (depth >= MAX_DEPTH) {
          out.push(rawParagraph(list.raw));
          break;
        }
        const items = list.items.map((item) => blocks(item.tokens, depth + 1));
        out.push(list.ordered ? { t: 'ol', start: Number(list.start) || 1, items } : { t: 'ul', items });
        break;
      }
      default:
        out.push(rawParagraph(token.raw));
    }
  }
  return out;
}

function rawParagraph(raw: string): NoteBlock {
  return { t: 'p', c: [{ t: 'text', v: raw.replace(/\n+$/, '') }] };
}

function inlines(tokens: Token[], depth: number): NoteInline[] {
  const out: NoteInline[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        out.push(...(t.tokens ? inlines(t.tokens, depth) : [{ t: 'text' as const, v: t.text }]));
        break;
      }
      case 'escape':
        out.push({ t: 'text', v: (token as Tokens.Escape).text });
        break;
      case 'br':
        out.push({ t: 'br' });
        break;
      case 'strong':
      case 'em': {
        const t = token as Tokens.Strong | Tokens.Em;
        out.push(depth >= MAX_DEPTH ? { t: 'text', v: t.raw } : { t: token.type, c: inlines(t.tokens, depth + 1) });
        break;
      }
      case 'link': {
        const t = token as Tokens.Link;
        const href = safeHref(t.href);
        out.push(href && depth < MAX_DEPTH ? { t: 'link', href, c: withoutLinks(inlines(t.tokens, depth + 1)) } : { t: 'text', v: t.raw });
        break;
      }
      default:
        // An image, a checkbox inside a paragraph, anything a later marked adds: the text as typed.
        out.push({ t: 'text', v: token.raw });
    }
  }
  return joinText(out);
}

/** A link's text holds no other link (marked does not make one; this makes sure). */
function withoutLinks(nodes: NoteInline[]): NoteInline[] {
  return joinText(
    nodes.flatMap((n): NoteInline[] => {
      if (n.t === 'link') return withoutLinks(n.c);
      if (n.t === 'strong' || n.t === 'em') return [{ t: n.t, c: withoutLinks(n.c) }];
      return [n];
    }),
  );
}

/** Neighbouring text runs as one. */
function joinText(nodes: NoteInline[]): NoteInline[] {
  const out: NoteInline[] = [];
  for (const n of nodes) {
    const last = out.at(-1);
    if (n.t === 'text' && last?.t === 'text') out[out.length - 1] = { t: 'text', v: last.v + n.v };
    else if (n.t !== 'text' || n.v !== '') out.push(n);
  }
  return out;
}

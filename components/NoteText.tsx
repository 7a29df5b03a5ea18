import type { ComponentChildren } from 'preact';
import { safeHref, type ChatEntry, type NoteBlock, type NoteDoc, type NoteInline } from '@/model/note-doc';
import { t } from './i18n';

/**
 * A note's text, built as elements from its parsed form (model/note-doc.ts): text is always a
 * text node, and a link gets an `href` only if it is http(s) or mailto — checked again here, so
 * nothing else this component is given can make one. Never `innerHTML`.
 */
export function NoteText({ doc }: { doc: NoteDoc }) {
  if (doc.t === 'md') return <div class="body md">{doc.blocks.map(block)}</div>;
  if (doc.t === 'plain') return <div class="body">{doc.text}</div>;
  return <Conversation entries={doc.entries} />;
}

function block(b: NoteBlock, i: number): ComponentChildren {
  switch (b.t) {
    case 'p':
      return <p key={i}>{b.c.map(inline)}</p>;
    case 'ul':
      return <ul key={i}>{b.items.map(item)}</ul>;
    case 'ol':
      return (
        <ol key={i} start={b.start}>
          {b.items.map(item)}
        </ol>
      );
  }
}

function item(blocks: NoteBlock[], i: number) {
  return <li key={i}>{blocks.map(block)}</li>;
}

function inline(n: NoteInline, i: number): ComponentChildren {
  switch (n.t) {
    case 'text':
      return n.v;
    case 'br':
      return <br key={i} />;
    case 'strong':
      return <strong key={i}>{n.c.map(inline)}</strong>;
    case 'em':
      return <em key={i}>{n.c.map(inline)}</em>;
    case 'link': {
      const href = safeHref(n.href);
      if (!href) return <span key={i}>{n.c.map(inline)}</span>;
      return (
        <a key={i} href={href} target="_blank" rel="noopener noreferrer" title={href}>
          {n.c.map(inline)}
        </a>
      );
    }
  }
}

/** Speakers keep one colour each through a conversation (by order of first appearance). */
const SPEAKER_COLOURS = 4;

/** A pasted conversation: one message under another, the speaker's name shown when the speaker changes. */
function Conversation({ entries }: { entries: ChatEntry[] }) {
  const speakers = new Map<string, number>();
  let previous: string | null = null;
  return (
    <ol class="body chat" aria-label={t('chat.label')}>
      {entries.map((e, i) => {
        if (e.t === 'text') {
          previous = null;
          return (
            <li key={i} class="chat-text">
              {e.text}
            </li>
          );
        }
        if (!speakers.has(e.speaker)) speakers.set(e.speaker, speakers.size % SPEAKER_COLOURS);
        const same = previous === e.speaker;
        previous = e.speaker;
        const when = [e.date, e.time].filter(Boolean).join(' ');
        return (
          <li key={i} class={same ? 'chat-msg same' : 'chat-msg'} data-testid="chat-message" data-speaker={e.speaker}>
            <div class="chat-head">
              <span class={`chat-who c${speakers.get(e.speaker)}`}>{e.speaker}</span>
              {when && <time class="chat-time">{same ? e.time : when}</time>}
            </div>
            <div class="chat-said">{e.text}</div>
          </li>
        );
      })}
    </ol>
  );
}

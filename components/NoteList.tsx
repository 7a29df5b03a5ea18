import { may } from '@/model/permissions';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoteRevisionView, NoteView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { Member } from '@/model/schemas';
import { MAX_NOTE_LENGTH } from '@/model/schemas';
import { fullTime, relativeTime } from './format';
import { errorOf, t } from './i18n';
import { focusOnMount, isSaveShortcut, onEscape } from './keys';
import { Menu, type MenuItem } from './Menu';
import { QuestionThread } from './QuestionThread';
import { NoteText } from './NoteText';
import { WrittenAt } from './WrittenAt';

interface Props {
  notes: NoteView[];
  api: ApiClient;
  me: Pick<Member, 'id' | 'role'>;
  onFollowUp(note: NoteView): void;
}

/** The customer's notes, newest first. Bodies are elements built from their parsed text (NoteText), never HTML. */
export function NoteList({ notes, api, me, onFollowUp }: Props) {
  if (notes.length === 0) return <p class="muted">{t('notes.empty')}</p>;
  return (
    <ul class="notes">
      {notes.map((note) => (
        <NoteEntry key={note.id} note={note} api={api} me={me} onFollowUp={onFollowUp} />
      ))}
    </ul>
  );
}

/** One note of a list (the notes, or the timeline): the note, or the line saying who deleted it. */
export function NoteEntry({ note, api, me, onFollowUp }: Omit<Props, 'notes'> & { note: NoteView }) {
  return note.deletedAt !== null ? <DeletedNote note={note} /> : <NoteItem note={note} api={api} me={me} onFollowUp={onFollowUp} />;
}

function DeletedNote({ note }: { note: NoteView }) {
  const time = relativeTime(note.deletedAt!);
  return (
    <li class="note deleted" data-testid="note-item" data-note-id={note.id} data-deleted="true">
      {note.deletedByName
        ? t('notes.deletedBy', { author: note.authorName, name: note.deletedByName, time })
        : t('notes.deleted', { author: note.authorName, time })}
    </li>
  );
}

/** "Seen by 3 of 4 — waiting for Li Wei" under a change note. */
function SeenBy({ seen, waiting }: { seen: string[]; waiting: string[] }) {
  const total = seen.length + waiting.length;
  if (total === 0) return null;
  const text = waiting.length
    ? t('change.seenWaiting', { seen: seen.length, total, names: waiting.join(t('list.separator')) })
    : t('change.seenAll', { names: seen.join(t('list.separator')) });
  return (
    <p class="muted small" data-testid="seen-by" title={seen.join(t('list.separator'))}>
      {text}
    </p>
  );
}

function NoteItem({ note, api, me, onFollowUp }: { note: NoteView; api: ApiClient; me: Props['me']; onFollowUp: Props['onFollowUp'] }) {
  const [mode, setMode] = useState<'read' | 'edit' | 'confirm-delete'>('read');
  const [showHistory, setShowHistory] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The mutators' rule: the author, or a manager or admin (model/mutators/notes.ts).
  const mayChange = note.authorId === me.id || may(me.role, 'editOthersNotes');
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setMode('read');
    } catch (e) {
      setError(t('notes.editError', { message: errorOf(e) }));
    }
  };
  const items: MenuItem[] = [
    { label: t('tasks.fromNote'), testid: 'note-follow-up', onSelect: () => onFollowUp(note) },
    // Anyone on the team pins a key fact (model/mutators/notes.ts).
    {
      label: note.pinned ? t('notes.unpin') : t('notes.pin'),
      testid: 'note-pin',
      onSelect: () => void run(() => api.request('pinNote', { noteId: note.id, pinned: !note.pinned })),
    },
  ];
  if (mayChange) {
    items.push(
      { label: t('notes.edit'), testid: 'note-edit', onSelect: () => setMode('edit') },
      { label: t('notes.delete'), testid: 'note-delete', danger: true, onSelect: () => setMode('confirm-delete') },
    );
  }
  return (
    <li class="note" data-testid="note-item" data-note-id={note.id}>
      <div class="byline">
        <span class="who">
          {note.change && <span class="pill">{t(`change.topic.${note.change.topic}`)}</span>} <strong>{note.authorName}</strong> ·{' '}
          <time title={fullTime(note.createdAt)}>{relativeTime(note.createdAt)}</time>
          {note.source && (
            <>
              {' · '}
              <WrittenAt source={note.source} />
            </>
          )}
          {note.pinned && <span class="pill">{t('notes.pinned')}</span>}
          {note.pending && <span class="pill">{t('notes.pending')}</span>}
          {note.editedAt !== null && (
            <button
              type="button"
              class="link"
              data-testid="note-history"
              aria-expanded={showHistory}
              title={fullTime(note.editedAt)}
              onClick={() => setShowHistory(!showHistory)}
            >
              {showHistory ? t('notes.hideHistory') : t('notes.showHistory')}
            </button>
          )}
        </span>
        <Menu label={t('notes.menu')} testid="note-menu" items={items} />
      </div>
      {mode === 'edit' ? (
        <NoteEditor body={note.body} onCancel={() => setMode('read')} onSave={(body) => run(() => saveEdit(api, note, body))} />
      ) : (
        <>
          {note.change && (
            <div class="body">
              <strong>{note.change.summary}</strong>
            </div>
          )}
          <NoteText doc={note.doc} />
        </>
      )}
      {note.seenBy && <SeenBy seen={note.seenBy.seen} waiting={note.seenBy.waiting} />}
      {note.question && <QuestionThread noteId={note.id} question={note.question} api={api} isAsker={note.authorId === me.id} />}
      {mode === 'confirm-delete' && (
        <div class="confirm" role="group" aria-label={t('notes.deleteConfirm')} onKeyDown={onEscape(() => setMode('read'))}>
          <span>{t('notes.deleteConfirm')}</span>
          <div class="row">
            <button
              type="button"
              class="danger"
              data-testid="note-delete-confirm"
              ref={focusOnMount}
              onClick={() => void run(() => api.request('deleteNote', { noteId: note.id, eventId: crypto.randomUUID() }))}
            >
              {t('notes.confirmDelete')}
            </button>
            <button type="button" onClick={() => setMode('read')}>
              {t('notes.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {showHistory && <Revisions api={api} noteId={note.id} editedAt={note.editedAt} />}
    </li>
  );
}

function saveEdit(api: ApiClient, note: NoteView, body: string): Promise<unknown> {
  if (body === note.body) return Promise.resolve();
  return api.request('updateNote', { noteId: note.id, revisionId: crypto.randomUUID(), body });
}

function NoteEditor({ body, onSave, onCancel }: { body: string; onSave(body: string): Promise<void>; onCancel(): void }) {
  const [text, setText] = useState(body);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const save = () => text.trim() && void onSave(text.trim());
  return (
    <form
      class="note-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={onEscape(onCancel)}
    >
      <textarea
        data-testid="note-edit-input"
        aria-label={t('notes.edit')}
        value={text}
        maxLength={MAX_NOTE_LENGTH}
        ref={input}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (isSaveShortcut(e)) {
            e.preventDefault();
            save();
          }
        }}
      />
      <div class="row">
        <button type="submit" class="primary" data-testid="note-edit-save" disabled={!text.trim()}>
          {t('notes.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('notes.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A note's earlier versions, read when asked for (they are rarely looked at). */
function Revisions({ api, noteId, editedAt }: { api: ApiClient; noteId: string; editedAt: number | null }) {
  const [revisions, setRevisions] = useState<NoteRevisionView[] | null>(null);
  // Read again when the note is edited once more while its history is open.
  useEffect(() => {
    let current = true;
    void api.request('noteRevisions', { noteId }).then(
      (list) => current && setRevisions(list),
      () => current && setRevisions([]),
    );
    return () => {
      current = false;
    };
  }, [api, noteId, editedAt]);
  if (!revisions) return null;
  if (revisions.length === 0) return <p class="muted">{t('notes.noRevisions')}</p>;
  return (
    <ol class="revisions" aria-label={t('notes.showHistory')}>
      {revisions.map((r) => (
        <li key={r.id} data-testid="note-revision">
          <div class="byline">
            <time title={fullTime(r.at)}>{t('notes.revision', { name: r.editorName, time: relativeTime(r.at) })}</time>
          </div>
          <div class="body">{r.body}</div>
        </li>
      ))}
    </ol>
  );
}

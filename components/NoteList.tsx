import type { NoteView } from '@/client/api';
import { fullTime, relativeTime } from './format';
import { t } from './i18n';

/** The customer's notes, newest first. Bodies are text: Preact escapes them. */
export function NoteList({ notes, onFollowUp }: { notes: NoteView[]; onFollowUp?: (note: NoteView) => void }) {
  if (notes.length === 0) return <p class="muted">{t('notes.empty')}</p>;
  return (
    <ul class="notes">
      {notes.map((note) => (
        <li key={note.id} class="note" data-testid="note-item" data-note-id={note.id}>
          <div class="meta row spread">
            <span>
              <strong>{note.authorName}</strong> · <time title={fullTime(note.createdAt)}>{relativeTime(note.createdAt)}</time>
              {note.source ? ` · ${t('notes.from', { site: note.source.site })}` : ''}
            </span>
            <span class="row">
              {note.pending && <span class="pill">{t('notes.pending')}</span>}
              {onFollowUp && (
                <button type="button" class="link" data-testid="note-follow-up" onClick={() => onFollowUp(note)}>
                  {t('tasks.fromNote')}
                </button>
              )}
            </span>
          </div>
          <div class="body">{note.body}</div>
        </li>
      ))}
    </ul>
  );
}

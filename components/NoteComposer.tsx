import { useState } from 'preact/hooks';
import { MAX_NOTE_LENGTH } from '@/model/schemas';
import { errorOf, t } from './i18n';
import { isSaveShortcut, saveKeyName } from './keys';

interface Props {
  /** The draft for the customer on screen (kept by the sidebar, per customer). */
  text: string;
  onText(text: string): void;
  /** Resolves when the note is in the local database (it syncs after). */
  onSave(body: string): Promise<void>;
}

/** The note box under the notes: Ctrl/Cmd+Enter saves; typing goes on while a save is under way. */
export function NoteComposer({ text, onText, onSave }: Props) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const body = text.trim();
    if (!body || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onSave(body);
    } catch (e) {
      setError(t('notes.error', { message: errorOf(e) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        data-testid="note-input"
        value={text}
        rows={2}
        maxLength={MAX_NOTE_LENGTH}
        placeholder={t('notes.placeholder')}
        aria-label={t('notes.placeholder')}
        onInput={(e) => onText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (isSaveShortcut(e)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row spread">
        <span class="hint">{t('notes.hint', { key: saveKeyName() })}</span>
        <button class="primary" type="submit" data-testid="note-submit" disabled={saving || !text.trim()}>
          {saving ? t('notes.saving') : t('notes.submit')}
        </button>
      </div>
    </form>
  );
}

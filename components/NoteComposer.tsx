import { useState } from 'preact/hooks';
import { MAX_NOTE_LENGTH } from '@/model/schemas';
import { errorText, t } from './i18n';

/** A note box; `onSave` resolves when the note is in the local database (it syncs after). */
export function NoteComposer({ onSave }: { onSave: (body: string) => Promise<void> }) {
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const text = body.trim();
    if (!text || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onSave(text);
      setBody('');
    } catch (e) {
      const err = e as { code?: string; message?: string };
      setError(t('notes.error', { message: errorText(err.code ?? '', err.message ?? String(e)) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        data-testid="note-input"
        value={body}
        maxLength={MAX_NOTE_LENGTH}
        placeholder={t('notes.placeholder')}
        aria-label={t('notes.title')}
        onInput={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
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
      <div class="row spread" style={{ marginTop: '6px' }}>
        <span />
        <button class="primary" type="submit" data-testid="note-submit" disabled={saving || !body.trim()}>
          {saving ? t('notes.saving') : t('notes.submit')}
        </button>
      </div>
    </form>
  );
}

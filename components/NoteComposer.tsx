import { useState } from 'preact/hooks';
import { MAX_NOTE_LENGTH, NoteChange, NoteKind } from '@/model/schemas';
import { errorOf, t } from './i18n';
import { isSaveShortcut, saveKeyName } from './keys';

interface Props {
  /** The draft for the customer on screen (kept by the sidebar, per customer). */
  text: string;
  onText(text: string): void;
  /** Resolves when the note is in the local database (it syncs after). */
  onSave(body: string, kind: NoteKind, change: NoteChange | null): Promise<void>;
}

/** The note box under the notes: Ctrl/Cmd+Enter saves; typing goes on while a save is under way. */
export function NoteComposer({ text, onText, onSave }: Props) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<NoteKind>('note');
  const [topic, setTopic] = useState<NoteChange['topic']>('quote');
  const [summary, setSummary] = useState('');
  const isChange = kind === 'change';
  const ready = text.trim() !== '' && (!isChange || summary.trim() !== '');
  const save = async () => {
    const body = text.trim();
    if (!ready || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onSave(body, kind, isChange ? { topic, summary: summary.trim() } : null);
      setKind('note');
      setSummary('');
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
      <div class="row">
        <select
          data-testid="note-kind"
          aria-label={t('noteKind.label')}
          value={kind}
          onChange={(e) => setKind(NoteKind.parse(e.currentTarget.value))}
        >
          {NoteKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`noteKind.${k}`)}
            </option>
          ))}
        </select>
        {isChange && (
          <>
            <select
              data-testid="change-topic"
              aria-label={t('change.topicLabel')}
              value={topic}
              onChange={(e) => setTopic(NoteChange.shape.topic.parse(e.currentTarget.value))}
            >
              {NoteChange.shape.topic.options.map((k) => (
                <option key={k} value={k}>
                  {t(`change.topic.${k}`)}
                </option>
              ))}
            </select>
            <input
              data-testid="change-summary"
              maxLength={500}
              value={summary}
              placeholder={t('change.summaryLabel')}
              aria-label={t('change.summaryLabel')}
              onInput={(e) => setSummary(e.currentTarget.value)}
            />
          </>
        )}
      </div>
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
        <button class="primary" type="submit" data-testid="note-submit" disabled={saving || !ready}>
          {saving ? t('notes.saving') : t('notes.submit')}
        </button>
      </div>
    </form>
  );
}

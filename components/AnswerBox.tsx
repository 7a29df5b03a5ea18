import { useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import { MAX_ANSWER_LENGTH } from '@/model/schemas';
import { errorOf, t } from './i18n';
import { isSaveShortcut } from './keys';

/** One line to answer a question (sidebar and popup alike): Enter or Send saves it. */
export function AnswerBox({ api, noteId, label }: { api: ApiClient; noteId: string; label: string }) {
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    const body = text.trim();
    if (!body || saving) return;
    setSaving(true);
    setError(null);
    try {
      await api.request('answerQuestion', { noteId, replyId: crypto.randomUUID(), body });
      setText('');
    } catch (e) {
      setError(t('question.answerError', { message: errorOf(e) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      class="answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <input
        data-testid="answer-input"
        value={text}
        maxLength={MAX_ANSWER_LENGTH}
        placeholder={label}
        aria-label={label}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (isSaveShortcut(e)) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" class="small" data-testid="answer-submit" disabled={saving || !text.trim()}>
        {t('question.answerSubmit')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

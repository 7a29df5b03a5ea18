import { useState } from 'preact/hooks';
import type { QuestionView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { MAX_ANSWER_LENGTH } from '@/model/schemas';
import { fullTime, relativeTime } from './format';
import { errorOf, t } from './i18n';
import { isSaveShortcut } from './keys';

interface Props {
  noteId: string;
  question: QuestionView;
  api: ApiClient;
  /** The asker may add to their question and resolve it; anyone else answers. */
  isAsker: boolean;
}

/** Under a question note: whom it asks and where it stands, its answers, the answer box, and Resolve for its asker. */
export function QuestionThread({ noteId, question, api, isAsker }: Props) {
  return (
    <div class="question" data-testid="question-thread" data-state={question.state}>
      <p class="question-meta" data-testid="question-state">
        {t('question.heading', { name: question.askedOfName })} · {t(`question.state.${question.state}`)}
        {question.escalated && <span class="escalated"> · {t('question.escalated', { hours: question.hours })}</span>}
      </p>
      {question.replies.length > 0 && (
        <ul class="replies" aria-label={t('question.replies')}>
          {question.replies.map((r) => (
            <li key={r.id} data-testid="reply-item">
              <div class="byline">
                <span class="who">
                  <strong>{r.authorName}</strong> · <time title={fullTime(r.at)}>{relativeTime(r.at)}</time>
                  {r.pending && <span class="pill">{t('notes.pending')}</span>}
                </span>
              </div>
              <div class="body">{r.body}</div>
            </li>
          ))}
        </ul>
      )}
      <AnswerBox api={api} noteId={noteId} label={t(isAsker ? 'question.replyLabel' : 'question.answerLabel')} />
      {isAsker && question.state !== 'resolved' && (
        <button
          type="button"
          class="small"
          data-testid="question-resolve"
          onClick={() => void api.request('resolveQuestion', { noteId }).catch(() => undefined)}
        >
          {t('question.resolve')}
        </button>
      )}
    </div>
  );
}

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

import type { PopupView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { relativeTime } from './format';
import { t } from './i18n';
import { AnswerBox } from './AnswerBox';

/**
 * The popup's questions for me (asked of me, or escalated to me: each answered right here) and
 * the notes that mention me (each marked seen here).
 */
export function PopupQuestions({ api, view }: { api: ApiClient; view: PopupView }) {
  return (
    <>
      {view.questions.length > 0 && (
        <section aria-labelledby="my-questions">
          <h2 id="my-questions">{t('popup.questions')}</h2>
          <ul class="followups">
            {view.questions.map((q) => (
              <li key={q.noteId} class="question-item" data-testid="question-item" data-reason={q.reason}>
                <div class="muted small">
                  {q.reason === 'escalated'
                    ? t('popup.questionEscalated', { author: q.authorName, to: q.askedOfName, customer: q.customerName })
                    : t('popup.questionFrom', { author: q.authorName, customer: q.customerName })}{' '}
                  · {relativeTime(q.at)}
                </div>
                <div class="body">{q.body}</div>
                <AnswerBox api={api} noteId={q.noteId} label={t('question.answerLabel')} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.mentions.length > 0 && (
        <section aria-labelledby="my-mentions">
          <h2 id="my-mentions">{t('popup.mentions')}</h2>
          <ul class="followups">
            {view.mentions.map((m) => (
              <li key={m.noteId} class="row spread" data-testid="mention-item">
                <span>
                  <span class="muted small">
                    {t('popup.mentionFrom', { author: m.authorName, customer: m.customerName })} · {relativeTime(m.at)}
                  </span>
                  <br />
                  {m.body.length > 200 ? `${m.body.slice(0, 200)}…` : m.body}
                </span>
                <button
                  type="button"
                  class="small"
                  data-testid="mention-seen"
                  onClick={() => void api.request('dismissMention', { noteId: m.noteId }).catch(() => undefined)}
                >
                  {t('popup.mentionSeen')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

import type { QuestionView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { fullTime, relativeTime } from './format';
import { AnswerBox } from './AnswerBox';
import { t } from './i18n';

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

import type { PinnedView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { useActionError } from './useActionError';
import { fullTime, relativeTime } from './format';
import { t } from './i18n';
import { NoteText } from './NoteText';

/** The customer's key facts ("decision maker: …", "budget: …"): its pinned notes, at the top of the sidebar. */
export function PinnedNotes({ pinned, api }: { pinned: PinnedView[]; api: ApiClient }) {
  if (pinned.length === 0) return null;
  return (
    <section class="pinned-notes" aria-labelledby="pinned-title">
      <h2 id="pinned-title">{t('pinned.title')}</h2>
      <ul>
        {pinned.map((p) => (
          <PinnedItem key={p.id} pinned={p} api={api} />
        ))}
      </ul>
    </section>
  );
}

function PinnedItem({ pinned, api }: { pinned: PinnedView; api: ApiClient }) {
  const { error, run } = useActionError();
  return (
    <li class="pinned-item" data-testid="pinned-item" data-note-id={pinned.id}>
      <NoteText doc={pinned.doc} />
      <div class="byline">
        <time title={fullTime(pinned.createdAt)}>
          {t('pinned.by', { author: pinned.authorName, time: relativeTime(pinned.createdAt) })}
        </time>
        <button
          type="button"
          class="icon"
          data-testid="pinned-unpin"
          aria-label={t('pinned.unpin')}
          title={t('pinned.unpin')}
          onClick={() => void run(api.request('pinNote', { noteId: pinned.id, pinned: false }))}
        >
          ×
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

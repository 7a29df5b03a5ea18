import { useState } from 'preact/hooks';
import type { NoteView, SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { Member } from '@/model/schemas';
import { t } from './i18n';
import { NoteList } from './NoteList';
import { Timeline } from './Timeline';

interface Props {
  view: SidebarView;
  api: ApiClient;
  me: Pick<Member, 'id' | 'role'>;
  onFollowUp(note: NoteView): void;
}

type Mode = 'notes' | 'timeline';

/** The customer's notes, or its one timeline (notes with owner and stage changes, acknowledgements and follow-ups done between them). */
export function NotesSection({ view, api, me, onFollowUp }: Props) {
  const [mode, setMode] = useState<Mode>('notes');
  const names = new Map(view.members.map((m) => [m.id, m.name]));
  const tab = (value: Mode, label: string) => (
    <button type="button" aria-pressed={mode === value} data-testid={`notes-mode-${value}`} onClick={() => setMode(value)}>
      {label}
    </button>
  );
  return (
    <section class="notes-section" aria-labelledby="notes-title">
      <div class="section-head">
        <h2 id="notes-title">{mode === 'notes' ? t('notes.title') : t('timeline.title')}</h2>
        <div class="segmented" role="group" aria-label={t('timeline.show')}>
          {tab('notes', t('timeline.notes'))}
          {tab('timeline', t('timeline.all'))}
        </div>
      </div>
      {mode === 'notes' ? (
        <NoteList notes={view.notes} api={api} me={me} onFollowUp={onFollowUp} />
      ) : (
        <Timeline
          notes={view.notes}
          history={view.history}
          tasks={view.tasks}
          memberName={(id) => (id ? (names.get(id) ?? '?') : '?')}
          api={api}
          me={me}
          onFollowUp={onFollowUp}
        />
      )}
    </section>
  );
}

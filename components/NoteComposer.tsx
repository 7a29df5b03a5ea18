import { useState } from 'preact/hooks';
import type { MemberView } from '@/client/api';
import { MAX_NOTE_LENGTH, NoteChange, NoteKind } from '@/model/schemas';
import { errorOf, t } from './i18n';
import { isSaveShortcut, saveKeyName } from './keys';
import { mentionedIds } from './mentions';
import { MentionList, useMentions } from './MentionList';

/** What a note carries beside its text: a question's addressee, the teammates it mentions. */
export interface NoteExtras {
  askedOf: string | null;
  mentions: string[];
}

interface Props {
  /** The draft for the customer on screen (kept by the sidebar, per customer). */
  text: string;
  onText(text: string): void;
  /** Resolves when the note is in the local database (it syncs after). */
  onSave(body: string, kind: NoteKind, change: NoteChange | null, extras: NoteExtras): Promise<void>;
  /** The team (for @mentions and whom to ask), who I am, and the customer's owner. */
  members?: MemberView[];
  meId?: string;
  ownerId?: string | null;
}

/**
 * Whom a question may be for, the one it goes to by default first: the customer's owner, then
 * managers and admins, then the other teammates (never me, never an inactive member).
 */
export function questionRecipients(members: readonly MemberView[], meId: string, ownerId: string | null): MemberView[] {
  const rank = (m: MemberView) => (m.id === ownerId ? 0 : m.role === 'rep' ? 2 : 1);
  return members.filter((m) => m.active && m.id !== meId).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The note box under the notes: Ctrl/Cmd+Enter saves; typing goes on while a save is under way. */
export function NoteComposer({ text, onText, onSave, members = [], meId = '', ownerId = null }: Props) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<NoteKind>('note');
  const [topic, setTopic] = useState<NoteChange['topic']>('quote');
  const [summary, setSummary] = useState('');
  const recipients = questionRecipients(members, meId, ownerId);
  const [askedOf, setAskedOf] = useState<string | null>(null);
  const mention = useMentions({ text, onText, members, meId, inputId: 'note-input' });
  const isChange = kind === 'change';
  const isQuestion = kind === 'question';
  const askedOfId = askedOf && recipients.some((m) => m.id === askedOf) ? askedOf : (recipients[0]?.id ?? null);
  const ready = text.trim() !== '' && (!isChange || summary.trim() !== '') && (!isQuestion || askedOfId !== null);
  const save = async () => {
    const body = text.trim();
    if (!ready || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onSave(body, kind, isChange ? { topic, summary: summary.trim() } : null, {
        askedOf: isQuestion ? askedOfId : null,
        mentions: mentionedIds(body, members, meId),
      });
      setKind('note');
      setSummary('');
      setAskedOf(null);
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
        {isQuestion &&
          (recipients.length ? (
            <select
              data-testid="question-to"
              aria-label={t('question.to')}
              value={askedOfId ?? ''}
              onChange={(e) => setAskedOf(e.currentTarget.value)}
            >
              {recipients.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id === ownerId
                    ? t('question.tagOwner', { name: m.name })
                    : m.role === 'rep'
                      ? m.name
                      : t('question.tagRole', { name: m.name, role: t(`role.${m.role}`) })}
                </option>
              ))}
            </select>
          ) : (
            <span class="hint">{t('question.nobody')}</span>
          ))}
      </div>
      <MentionList state={mention} />
      <textarea
        id="note-input"
        {...mention.inputProps}
        data-testid="note-input"
        value={text}
        rows={2}
        maxLength={MAX_NOTE_LENGTH}
        placeholder={t('notes.placeholder')}
        aria-label={t('notes.placeholder')}
        onInput={(e) => {
          onText(e.currentTarget.value);
          mention.onCaret(e.currentTarget);
        }}
        onKeyDown={(e) => {
          if (mention.onKeyDown(e)) return;
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

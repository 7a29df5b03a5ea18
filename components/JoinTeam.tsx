import { useRef, useState } from 'preact/hooks';
import type { JoinForm } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { errorText, t } from './i18n';
import type { MessageKey } from './messages';
import { checkJoinForm, readInvite, type JoinField } from './invite';

const FIELDS: { key: JoinField; label: MessageKey; testid: string; type: string; autocomplete: string; hint?: MessageKey }[] = [
  { key: 'inviteCode', label: 'options.inviteCode', testid: 'invite-code', type: 'text', autocomplete: 'off', hint: 'join.inviteHint' },
  { key: 'serverUrl', label: 'options.serverUrl', testid: 'server-url', type: 'url', autocomplete: 'url', hint: 'join.serverHint' },
  { key: 'name', label: 'options.name', testid: 'display-name', type: 'text', autocomplete: 'name' },
  { key: 'email', label: 'options.email', testid: 'member-email', type: 'email', autocomplete: 'email' },
];

/**
 * Joining a team: the teammate pastes the invite their admin sent; a link carries the server's
 * address, which fills the server field (a plain code leaves it as typed); then they confirm
 * their name and work email. Every field that is wrong says what to fix, in words.
 */
export function JoinTeam({ api, onJoined }: { api: ApiClient; onJoined: () => void }) {
  const [form, setForm] = useState<JoinForm>({ serverUrl: '', inviteCode: '', name: '', email: '' });
  const [fromLink, setFromLink] = useState(false);
  const [invalid, setInvalid] = useState<Partial<Record<JoinField, MessageKey>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputs = useRef<Partial<Record<JoinField, HTMLInputElement | null>>>({});

  const change = (key: JoinField, value: string) => {
    setInvalid({ ...invalid, [key]: undefined });
    // A pasted invite link, in either field, is split into the server and the code.
    const invite = key === 'inviteCode' || key === 'serverUrl' ? readInvite(value) : null;
    if (invite?.serverUrl) {
      setForm({ ...form, serverUrl: invite.serverUrl, inviteCode: invite.inviteCode });
      setInvalid({ ...invalid, serverUrl: undefined, inviteCode: undefined });
      setFromLink(true);
      return;
    }
    if (key === 'serverUrl') setFromLink(false);
    setForm({ ...form, [key]: value });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const checked = checkJoinForm(form);
    if (!checked.ok) {
      setInvalid(checked.errors);
      inputs.current[FIELDS.find((f) => checked.errors[f.key])!.key]?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.request('join', checked.form);
      onJoined();
    } catch (err) {
      const { code = '', message = String(err) } = err as { code?: string; message?: string };
      setError(t('options.error', { message: errorText(code, message) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card join" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('join.intro')}</p>
      {FIELDS.map((field) => {
        const problem = invalid[field.key];
        const hint = field.key === 'serverUrl' && fromLink ? 'join.serverFromLink' : field.hint;
        const described = [problem && `${field.testid}-error`, hint && `${field.testid}-hint`].filter(Boolean).join(' ');
        return (
          <div key={field.key} class="field">
            {field.key === 'name' && <p class="muted confirm">{t('join.confirm')}</p>}
            <label for={field.testid}>{t(field.label)}</label>
            <input
              id={field.testid}
              ref={(el) => {
                inputs.current[field.key] = el;
              }}
              data-testid={field.testid}
              type={field.type}
              autocomplete={field.autocomplete}
              spellcheck={false}
              required
              aria-invalid={problem ? true : undefined}
              aria-describedby={described || undefined}
              value={form[field.key]}
              onInput={(e) => change(field.key, e.currentTarget.value)}
            />
            {problem && (
              <p id={`${field.testid}-error`} class="error small" data-testid={`${field.testid}-error`}>
                {t(problem)}
              </p>
            )}
            {hint && (
              <p id={`${field.testid}-hint`} class={fromLink && field.key === 'serverUrl' ? 'ok small' : 'muted small'}>
                {t(hint)}
              </p>
            )}
          </div>
        );
      })}
      {error && (
        <p class="error" role="alert" data-testid="join-error">
          {error}
        </p>
      )}
      <p>
        <button class="primary" type="submit" data-testid="join" disabled={busy}>
          {busy ? t('options.joining') : t('options.join')}
        </button>
      </p>
    </form>
  );
}

/** What to do once joined: where the sidebar shows up, the toolbar icon, and for managers the team's misses. */
export function JoinNextSteps({ manager }: { manager: boolean }) {
  return (
    <section class="card next-steps" data-testid="join-next" aria-labelledby="join-next-title">
      <h2 id="join-next-title">{t('join.next.title')}</h2>
      <ol>
        <li>{t('join.next.sidebar')}</li>
        <li>{t(manager ? 'join.next.pinManager' : 'join.next.pin')}</li>
        <li>{t('join.next.otherSite')}</li>
      </ol>
    </section>
  );
}

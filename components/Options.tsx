import { useEffect, useState } from 'preact/hooks';
import type { JoinForm } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { PublicSession } from '@/client/session';
import { errorText, locale, t, type MessageKey } from './i18n';
import { PageCheck } from './PageCheck';
import { RecognitionReport } from './RecognitionReport';
import { Preferences } from './Preferences';
import { SetAsideRows } from './SetAsideRows';
import { TeamAdmin } from './TeamAdmin';
import { useSubscription } from './useSubscription';

const DEFAULT_SERVER = 'http://127.0.0.1:8787';

/** Joining a team, and who this device is signed in as. */
export function Options({ api }: { api: ApiClient }) {
  const { value: session } = useSubscription(api, 'session', {});
  useEffect(() => {
    document.documentElement.lang = locale();
    document.title = t('options.title');
  }, []);
  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      {session === undefined ? null : session ? <SignedIn api={api} session={session} /> : <JoinTeam api={api} />}
    </main>
  );
}

function SignedIn({ api, session }: { api: ApiClient; session: PublicSession }) {
  const { value: prefs } = useSubscription(api, 'prefs', {});
  const { value: team } = useSubscription(api, 'team', {});
  const isManager = session.member.role !== 'rep';
  return (
    <>
      <Joined api={api} session={session} />
      {prefs && <Preferences api={api} prefs={prefs} />}
      <PageCheck api={api} />
      <SetAsideRows api={api} />
      {isManager && team && <TeamAdmin api={api} session={session} members={team.members} settings={team.settings} />}
      {session.member.role === 'admin' && <RecognitionReport api={api} />}
    </>
  );
}

function Joined({ api, session }: { api: ApiClient; session: PublicSession }) {
  return (
    <section class="card">
      <p>
        {t('options.joinedAs')} <strong data-testid="joined-as">{session.member.name}</strong> ({session.member.email})
      </p>
      <dl>
        <dt>{t('options.team')}</dt>
        <dd>{session.team.name}</dd>
        <dt>{t('options.role')}</dt>
        <dd>{t(`role.${session.member.role}` as MessageKey)}</dd>
        <dt>{t('options.server')}</dt>
        <dd>{session.serverUrl}</dd>
      </dl>
      <p>
        <button
          type="button"
          data-testid="leave"
          onClick={() => {
            if (confirm(t('options.leaveConfirm'))) void api.request('leave', {});
          }}
        >
          {t('options.leave')}
        </button>
      </p>
    </section>
  );
}

function JoinTeam({ api }: { api: ApiClient }) {
  const [form, setForm] = useState<JoinForm>({ serverUrl: DEFAULT_SERVER, inviteCode: '', name: '', email: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof JoinForm, label: MessageKey, testid: string, type = 'text') => (
    <>
      <label for={testid}>{t(label)}</label>
      <input
        id={testid}
        data-testid={testid}
        type={type}
        required
        value={form[key]}
        onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      />
    </>
  );
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await api.request('join', form);
        } catch (err) {
          const { code = '', message = String(err) } = err as { code?: string; message?: string };
          setError(t('options.error', { message: errorText(code, message) }));
        } finally {
          setBusy(false);
        }
      }}
    >
      <p class="muted">{t('options.intro')}</p>
      {field('serverUrl', 'options.serverUrl', 'server-url', 'url')}
      {field('inviteCode', 'options.inviteCode', 'invite-code')}
      {field('name', 'options.name', 'display-name')}
      {field('email', 'options.email', 'member-email', 'email')}
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

import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import type { PublicSession } from '@/client/session';
import { may } from '@/model/permissions';
import { locale, t } from './i18n';
import type { MessageKey } from './messages';
import { JoinNextSteps, JoinTeam } from './JoinTeam';
import { PageCheck } from './PageCheck';
import { RecognitionReport } from './RecognitionReport';
import { Preferences } from './Preferences';
import { SetAsideRows } from './SetAsideRows';
import { SiteAccess } from './SiteAccess';
import { TeamAdmin } from './TeamAdmin';
import { useSubscription } from './useSubscription';

/** Joining a team, and who this device is signed in as. */
export function Options({ api }: { api: ApiClient }) {
  const { value: session } = useSubscription(api, 'session', {});
  // Joined on this page just now: it then says what to do next.
  const [joinedHere, setJoinedHere] = useState(false);
  useEffect(() => {
    document.documentElement.lang = locale();
    document.title = t('options.title');
  }, []);
  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      <SiteAccess />
      {session === undefined ? null : session ? (
        <>
          {joinedHere && <JoinNextSteps manager={may(session.member.role, 'viewTeam')} />}
          <SignedIn api={api} session={session} />
        </>
      ) : (
        <JoinTeam api={api} onJoined={() => setJoinedHere(true)} />
      )}
    </main>
  );
}

function SignedIn({ api, session }: { api: ApiClient; session: PublicSession }) {
  const { value: prefs } = useSubscription(api, 'prefs', {});
  const { value: team } = useSubscription(api, 'team', {});
  return (
    <>
      <Joined api={api} session={session} />
      {prefs && <Preferences api={api} prefs={prefs} />}
      <PageCheck api={api} />
      <SetAsideRows api={api} />
      {team && <TeamAdmin api={api} session={session} members={team.members} settings={team.settings} />}
      {may(session.member.role, 'changeSettings') && <RecognitionReport api={api} />}
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

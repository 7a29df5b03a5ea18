import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import type { Team } from '@/model/schemas';
import { attempt } from './attempt';
import { t } from './i18n';

const lines = (text: string) => [
  ...new Set(
    text
      .split(/[\n,，;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/** Admins: the team's name and its own mail domains (people there are never customers). */
export function TeamProfile({ api, team }: { api: ApiClient; team: Team }) {
  const [name, setName] = useState(team.name);
  const [domains, setDomains] = useState(team.domains.join('\n'));
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    setName(team.name);
    setDomains(team.domains.join('\n'));
  }, [team]);
  return (
    <form
      class="card"
      data-testid="admin-team"
      onSubmit={(e) => {
        e.preventDefault();
        void attempt(() => api.request('updateTeam', { name, domains: lines(domains) }), t('prefs.saved'), setStatus);
      }}
    >
      <h2>{t('admin.teamTitle')}</h2>
      <label for="team-name">{t('admin.teamName')}</label>
      <input id="team-name" data-testid="team-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="team-domains">{t('admin.teamDomains')}</label>
      <textarea
        id="team-domains"
        data-testid="team-domains"
        rows={3}
        placeholder="example.com"
        value={domains}
        onInput={(e) => setDomains(e.currentTarget.value)}
      />
      <p>
        <button type="submit" class="primary" data-testid="team-save">
          {t('admin.teamSave')}
        </button>{' '}
        {status && <span role="status">{status}</span>}
      </p>
    </form>
  );
}

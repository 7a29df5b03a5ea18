import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import { countText } from './format';
import { locale, t } from './i18n';
import { PopupBoard } from './PopupBoard';
import { PopupMine } from './PopupMine';
import { PopupTeam } from './PopupTeam';
import type { KeptScreen } from './popup-snapshot';
import { Search } from './Search';
import { SiteToggle } from './SiteToggle';
import { SyncStatus } from './SyncStatus';
import { useSubscription } from './useSubscription';

type Tab = 'mine' | 'team';
const TABS: Tab[] = ['mine', 'team'];

/** The toolbar popup: my follow-ups to do now, and for managers the team's missed ones first. */
export function Popup({
  api,
  onRendered,
}: {
  api: ApiClient;
  /**
   * After each render of a view, before it is painted: its root, and whose first screen it shows
   * when it is one to keep for the next opening (components/popup-snapshot.ts).
   */
  onRendered?: (root: HTMLElement | null, keep: KeptScreen | null) => void;
}) {
  const { value: view } = useSubscription(api, 'popup', {});
  const [tab, setTab] = useState<Tab>('mine');
  const [searching, setSearching] = useState(false);
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ mine: null, team: null });
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    document.documentElement.lang = locale();
  }, []);
  useLayoutEffect(() => {
    if (!view) return;
    const firstScreen = view.session && tab === 'mine' && !searching;
    onRendered?.(root.current, firstScreen ? { memberId: view.session!.member.id, teamId: view.session!.team.id } : null);
  }, [view, tab, searching]);

  if (!view) {
    return (
      <main class="popup">
        <p class="muted" role="status">
          {t('popup.loading')}
        </p>
      </main>
    );
  }
  const session = view.session;
  if (!session) {
    return (
      <main class="popup">
        <p class="muted">{t('sidebar.signedOut')}</p>
        <button class="primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('sidebar.openOptions')}
        </button>
      </main>
    );
  }
  const me = view.members.find((m) => m.id === session.member.id) ?? { ...session.member };
  const missed = view.team?.count ?? 0;
  const choose = (next: Tab) => {
    setTab(next);
    tabs.current[next]?.focus();
  };
  // The tab pattern's keys (WAI-ARIA): arrows move between the tabs; Tab still reaches each of them.
  const onTabKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    choose(TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length]!);
  };
  return (
    <main class="popup" ref={root}>
      <header class="popup-header">
        <h1>{t('app.name')}</h1>
        <SyncStatus sync={view.sync} />
      </header>
      <Search api={api} layout="inline" onActive={setSearching} />
      {!searching && view.team && (
        <div class="tabs" role="tablist" aria-label={t('app.name')} onKeyDown={onTabKey}>
          {TABS.map((name) => (
            <button
              key={name}
              ref={(el) => {
                tabs.current[name] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`panel-${name}`}
              data-testid={`tab-${name}`}
              onClick={() => setTab(name)}
            >
              {t(name === 'mine' ? 'popup.mine' : 'popup.team')}
              {name === 'team' && missed > 0 && (
                <span class="count" aria-label={t('popup.tabCount', { count: countText(missed) })}>
                  {countText(missed)}
                </span>
              )}
            </button>
          ))}
        </div>
      )}
      {!searching && <SiteToggle api={api} />}
      <div
        hidden={searching}
        id={`panel-${tab}`}
        role={view.team ? 'tabpanel' : undefined}
        aria-labelledby={view.team ? `tab-${tab}` : undefined}
      >
        {tab === 'team' && view.team ? (
          <PopupTeam api={api} view={view} me={me} />
        ) : (
          <PopupMine api={api} view={view} me={me} onShowTeam={() => choose('team')} />
        )}
      </div>
      {!searching && <PopupBoard view={view} />}
    </main>
  );
}

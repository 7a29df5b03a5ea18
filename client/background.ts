import Dexie from 'dexie';
import { may } from '@/model/permissions';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { watchQuery } from './live';
import { RecognitionCounter } from './recognition';
import { SiteSelectorSync } from './site-selectors';
import { acceptPort } from './accept-port';
import { DIGEST_ALARM, openTasksOf, REMINDER_ALARM, Reminders } from './reminders';
import { ensureSnapshotOwner } from './popup-snapshot';
import { ensureClientID, requestHandlers, signOut } from './requests';
import type { Session } from './session';
import { notesOnFollowed } from './question-views';
import { subscriptionHandlers } from './subscriptions';
import { SyncEngine } from './sync/engine';
import { LiveLink } from './sync/live';
import { SearchIndexer } from './search/indexer';
import { onQueued } from './search/queue';
import { settleAwaiting } from './awaiting';
import { type BackgroundJob, SettleJob } from './background-job';
import { onOpenDueMarked, settleOpenDue } from './open-due';
import { onMarked } from './awaiting-marks';

export const SYNC_ALARM = 'sidenote-sync';
/** The browser command that shows or hides the sidebar (declared in wxt.config.ts). */
export const TOGGLE_SIDEBAR_COMMAND = 'toggle-sidebar';
const DAY = 86_400_000;

/**
 * The background's whole job, wired: it owns the database, keeps the session, runs sync, and
 * serves the API to the extension's pages and the page contexts from content scripts.
 */
export function startBackground(db = new SidenoteDB()) {
  const state = new BackgroundState(db);
  const ready = ensureClientID(db);
  // Sync waits for the clientID a fresh database gets first.
  const engine = (state.engine = new SyncEngine(
    db,
    async () => {
      await ready;
      return state.getSession();
    },
    undefined,
    // Only if it is still the session that was refused: a new join meanwhile stays.
    async (token) => {
      if ((await state.getSession())?.token === token) await signOut(state);
    },
  ));
  // Work done apart from the writes that call for it: the search index, who has still to
  // acknowledge what, and each member's open follow-ups (stored for the popup and the Team tab).
  // Each runs soon after its writes, once a first sync has arrived, and once at start.
  const firstSyncArriving = () => engine.state.value.progress !== null;
  const afterWrites = <J extends BackgroundJob>(job: J, onWrites: (listener: () => void) => unknown): J => {
    onWrites(() => job.schedule());
    engine.state.listen((s) => s.progress === null && job.schedule());
    job.schedule();
    return job;
  };
  const indexer = afterWrites(new SearchIndexer(db, firstSyncArriving), onQueued);
  const settler = afterWrites(new SettleJob(() => settleAwaiting(db), firstSyncArriving), onMarked);
  const openDue = afterWrites(new SettleJob(() => settleOpenDue(db), firstSyncArriving), onOpenDueMarked);
  const selectors = (state.siteSelectors = new SiteSelectorSync(db, () => state.getSession()));
  state.recognition = new RecognitionCounter(db, () => state.getSession());
  const live = new LiveLink((changes) => void engine.poked(changes));
  // Every pull says which selector file the team has published: a new one is fetched then.
  engine.selectorsEtag.listen((etag) => void selectors.serverHas(etag ?? null));
  // The live socket follows the session: connected while joined, closed after leaving.
  const followSession = (s: Session | null | undefined) => (s ? live.start(s.serverUrl, s.token) : live.stop());
  state.session.listen(followSession);
  // Another team (or none): its selector file, not the last one's.
  state.session.listen(() => void selectors.refresh());
  const handlers = requestHandlers(state);
  const subscriptions = subscriptionHandlers(state);
  const reminders = new Reminders(state);
  // Reminders follow my follow-ups (a manager's, the team's), notes that mention me, customers
  // handed to me, the session and the reminder settings.
  watchQuery(
    async () => {
      const s = await state.getSession();
      if (!s) return [];
      const mine = await openTasksOf(db, s.member.id);
      const mentions = await db.notes.where('mentions').equals(s.member.id).primaryKeys();
      const handedToMe = await db.customerEvents.where('to').equals(s.member.id).primaryKeys();
      // Questions (asked of me, escalated, or mine being answered) and new notes on customers I follow.
      const questions = await db.notes
        .where('[kind+createdAt]')
        .between(['question', Date.now() - 30 * DAY], ['question', Dexie.maxKey])
        .primaryKeys();
      const answers = questions.length ? await db.customerEvents.where('to').anyOf(questions).primaryKeys() : [];
      const followed = (await notesOnFollowed(db, s.member.id, Date.now())).map((f) => f.note.id);
      // A manager's badge counts the team's overdue follow-ups: any open one's change matters.
      const team = !may(s.member.role, 'viewTeam')
        ? []
        : await db.tasks
            .where('openDueAt')
            .below(Date.now() + DAY)
            .primaryKeys();
      return [...mine.map((task) => [task.id, task.dueAt]), mentions, handedToMe, team, questions, answers, followed];
    },
    [state.session, state.prefs],
    () => void reminders.refresh(),
    (e) => console.error('Sidenote reminders:', e),
  );
  browser.notifications.onClicked.addListener((id) => void reminders.clicked(id));
  // The keyboard command (Alt+Shift+S by default) toggles the sidebar of the tab it was pressed in.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_SIDEBAR_COMMAND && tab?.id !== undefined) state.commandSidebar({ tabId: tab.id }, 'toggle');
  });

  browser.runtime.onConnect.addListener((port) => acceptPort(port, state, handlers, subscriptions));

  // Back online: send what waited in the outbox now, not at the next retry.
  globalThis.addEventListener?.('online', () => void engine.sync());
  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void engine.sync().then(() => Promise.all([reminders.refresh(), state.recognition.report()]));
    else if (alarm.name === REMINDER_ALARM) void reminders.refresh();
    else if (alarm.name === DIGEST_ALARM) void reminders.digest();
  });
  void ready.then(async () => {
    const session = await state.getSession();
    followSession(session);
    // Beside the first sync, not before it: the popup's kept screen waits for nobody.
    ensureSnapshotOwner(browser.storage.session, session).catch((e: unknown) =>
      console.warn('Sidenote: the popup’s kept screen could not be checked', e),
    );
    await engine.sync();
    await selectors.refresh();
  });

  return { db, state, engine, live, reminders, handlers, subscriptions, indexer, settler, openDue };
}

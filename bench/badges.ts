/**
 * Owner badges on 100 inbox rows: the extension's main-thread time in the Gmail page. One real
 * Chromium profile with the built extension, joined to a real server whose team has 20
 * customers (companies, by mail domain) owned by 4 teammates; the inbox (generated from the
 * mailbox fixture's row markup) lists 100 people of those companies. Measured with CDP
 * tracing of the page: exact begin/end and thread CPU time of each main-thread task.
 *
 * The budget's case is a full re-render: a manager hands all 20 customers to another teammate
 * (one push over HTTP), the server pokes the profile, its background pulls and sends the page
 * new badges, and every one of the 100 badges is redrawn. In that window the page itself runs
 * nothing, so the extension's time is every main-thread task its message started, ran its
 * script, or rendered the frame after its DOM changes; the only other tasks are Playwright's
 * polling (DevTools protocol messages), which are left out. Windows without a hand-off show
 * what the same accounting finds when nothing happens.
 */
import { randomUUID } from 'node:crypto';
import type { CDPSession, Page } from 'playwright-core';
import type { Benchmark } from './lib/benchmark';
import { GMAIL, joinedProfiles } from './lib/browser';
import { COMPANIES, inboxPage, inboxSenders } from './lib/gmail-pages';
import { pollFor } from './lib/in-page';
import { fmt, median, percentile } from './lib/stats';
import { TeamDevice, claimedCustomers, joinMembers, TEAM_DOMAIN, type TeamMember } from '../tests/e2e/team';
import {
  extensionWork,
  isExtensionMessageTask,
  mainThreadOf,
  mainThreadTasks,
  traceWhile,
  type ExtensionWork,
  type TraceEvent,
} from './lib/trace';

const ROWS = 100;
const OWNERS = ['Chen Jing', 'Maria Garcia', 'Tom Becker', 'Priya Nair'];
const REDRAWS = 24;
const WARMUP_REDRAWS = 2;
const CONTROLS = 5;
/** Opening the inbox (first draw) and Gmail redrawing its list: for information. */
const OPENINGS = 10;
const LIST_REDRAWS = 10;
/** After the badges show the change: long enough for the frame that renders it. */
const SETTLE_MS = 300;
const BUDGET_MS = 4;
const INBOX = `${GMAIL}/mail/u/0/#inbox`;

const badgesOf = (owner: string | null) =>
  `document.querySelectorAll('sidenote-badge[data-sidenote-owner${owner === null ? '' : `=${JSON.stringify(owner)}`}]').length === ${ROWS}`;

/** The rows as Gmail redraws them: new elements, no badges. */
const REDRAW_LIST = `(() => {
  const body = document.querySelector('div[role="main"] tbody');
  const rows = [...body.querySelectorAll('tr.zA')].map((row) => {
    const fresh = row.cloneNode(true);
    fresh.querySelectorAll('sidenote-badge').forEach((badge) => badge.remove());
    return fresh;
  });
  body.replaceChildren(...rows);
})()`;

interface Window {
  work: ExtensionWork;
}

export const badges: Benchmark = {
  name: 'badges',
  title: 'Owner badges on 100 inbox rows: main-thread time in the page',
  needsExtension: true,
  async run(resources) {
    const senders = inboxSenders(ROWS);
    const { server, profiles, teamId, databaseUrl } = await joinedProfiles(resources, 1, inboxPage(senders));
    const profile = profiles[0]!;
    const ours = (url: string) => url.startsWith(`chrome-extension://${profile.extensionId}/`);

    // 1. The team: four owners, a manager who hands customers around, 20 customers claimed.
    const people = (names: string[], tag: string) => names.map((name, i) => ({ name, email: `${tag}${i}@${TEAM_DOMAIN}` }));
    const owners = await joinMembers(server, databaseUrl, teamId, people(OWNERS, 'owner'), 'rep');
    const [manager] = await joinMembers(server, databaseUrl, teamId, people(['Bench Manager'], 'manager'), 'manager');
    const managerClient = new TeamDevice(server.url, manager!);
    const customerIds = await claimedCustomers(server.url, owners, COMPANIES);
    const handOffAll = (to: TeamMember) =>
      managerClient.push(
        ...customerIds.map((customerId) => ({
          name: 'handOffCustomer' as const,
          args: { customerId, toId: to.memberId, note: 'Bench: regions reshuffled.', moveTasks: false, eventId: randomUUID() },
        })),
      );

    // 2. The inbox, once every row has its badge.
    const page = await profile.context.newPage();
    await page.goto(INBOX);
    if (!(await pollFor(page, badgesOf(null), 30_000))) throw new Error(`the inbox never showed ${ROWS} owner badges`);
    const session = await profile.context.newCDPSession(page);
    const tasksOf = (events: TraceEvent[]) => {
      const thread = mainThreadOf(events, GMAIL);
      if (!thread) throw new Error('the trace has no main thread for the Gmail page');
      return mainThreadTasks(events, thread, ours);
    };
    const analyse = (events: TraceEvent[]): Window => ({ work: extensionWork(tasksOf(events)) });

    // 3. Full re-renders: every customer changes hands, every badge is redrawn.
    const redraws: Window[] = [];
    for (let i = 0; i < WARMUP_REDRAWS + REDRAWS; i++) {
      const to = owners[(i + 1) % owners.length]!;
      const events = await traceWhile(session, async () => {
        await page.waitForTimeout(100);
        await handOffAll(to);
        if (!(await pollFor(page, badgesOf(to.name), 15_000))) throw new Error(`the badges never showed the hand-off to ${to.name}`);
        await page.waitForTimeout(SETTLE_MS);
      });
      if (i >= WARMUP_REDRAWS) redraws.push(analyse(events));
    }
    // The same accounting when nothing happens: what it finds is noise.
    const controls: Window[] = [];
    for (let i = 0; i < CONTROLS; i++) {
      controls.push(analyse(await traceWhile(session, () => page.waitForTimeout(600))));
    }

    // 4. Gmail redraws its list (new rows, no badges): the extension's detection pass redraws them all.
    const listRedraws: Window[] = [];
    for (let i = 0; i < LIST_REDRAWS; i++) {
      const events = await traceWhile(session, async () => {
        await page.waitForTimeout(100);
        await page.evaluate(REDRAW_LIST);
        if (!(await pollFor(page, badgesOf(null), 15_000))) throw new Error('the redrawn list never got its badges back');
        await page.waitForTimeout(SETTLE_MS);
      });
      listRedraws.push(analyse(events));
    }
    await page.close();

    // 5. Opening the inbox: the first draw, from the badges message on, and the content script's start.
    const openings: Window[] = [];
    const starts: number[] = [];
    for (let i = 0; i < OPENINGS; i++) {
      const tab: Page = await profile.context.newPage();
      const tabSession: CDPSession = await profile.context.newCDPSession(tab);
      const events = await traceWhile(tabSession, async () => {
        await tab.goto(INBOX);
        if (!(await pollFor(tab, badgesOf(null), 15_000))) throw new Error('a fresh inbox never showed its badges');
        await tab.waitForTimeout(SETTLE_MS);
      });
      const tasks = tasksOf(events);
      const firstMessage = tasks.findIndex(isExtensionMessageTask);
      if (firstMessage < 0) throw new Error('no badges message reached the fresh inbox');
      const opening: Window = { work: extensionWork(tasks.slice(firstMessage)) };
      starts.push(tasks.slice(0, firstMessage).reduce((sum, task) => sum + task.oursCpuMs, 0));
      openings.push(opening);
      await tabSession.detach();
      await tab.close();
    }

    const cpu = (windows: Window[]) => windows.map((w) => w.work.cpuMs);
    const wall = (windows: Window[]) => windows.map((w) => w.work.ms);
    const scriptCpu = (windows: Window[]) => windows.map((w) => w.work.scriptCpuMs);
    const renderCpu = (windows: Window[]) => windows.map((w) => w.work.renderCpuMs);
    const ms = (v: number) => `${fmt(v, 1)} ms`;
    const p50p95 = (values: number[]) => `${ms(median(values))} / ${ms(percentile(values, 95))}`;
    const redrawSamples = `${REDRAWS} hand-offs of all 20 customers, after ${WARMUP_REDRAWS} warm-up`;
    const slowest = redraws.reduce((a, b) => (b.work.cpuMs > a.work.cpuMs ? b : a));
    const steps = Object.keys(redraws[0]!.work.renderCpuByStep);
    const stepMedians = steps
      .map((step) => [step, median(redraws.map((w) => w.work.renderCpuByStep[step] ?? 0))] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([step, value]) => `${step} ${fmt(value, 2)} ms`);
    const tasksPerRedraw = median(redraws.map((w) => w.work.tasks));

    return {
      rows: [
        {
          what: 'full re-render of 100 badges (owner change): main-thread CPU time, median',
          budget: '≤ 4 ms',
          measured: ms(median(cpu(redraws))),
          samples: redrawSamples,
          pass: median(cpu(redraws)) <= BUDGET_MS,
        },
        {
          what: 'same, p95 of CPU time / wall-clock time p50 / p95 (information)',
          budget: '—',
          measured: `${ms(percentile(cpu(redraws), 95))} / ${p50p95(wall(redraws))}`,
          samples: redrawSamples,
          pass: null,
        },
        {
          what: 'same, split: extension script / style, layout and paint CPU, median (information)',
          budget: '—',
          measured: `${ms(median(scriptCpu(redraws)))} / ${ms(median(renderCpu(redraws)))}`,
          samples: redrawSamples,
          pass: null,
        },
        {
          what: 'first draw on opening the inbox (badges message → drawn and rendered), CPU p50 / p95 (information)',
          budget: '(≤ 4 ms)',
          measured: p50p95(cpu(openings)),
          samples: `${OPENINGS} openings`,
          pass: null,
        },
        {
          what: 'Gmail redraws its 100 rows: extension script only (detection pass, 100 new badges), CPU p50 / p95 (information)',
          budget: '(≤ 4 ms)',
          measured: p50p95(scriptCpu(listRedraws)),
          samples: `${LIST_REDRAWS} list redraws`,
          pass: null,
        },
      ],
      details: [
        `One headless Chromium profile with the built extension, joined (as the team’s admin) to \`npm run server\` on a fresh SQLite file. The team: 4 owners and a manager, joined over \`POST /v1/join\`; 20 customers (companies, by mail domain), each created and claimed by one owner over \`POST /v1/push\`. The page at ${INBOX} is the mailbox fixture with its inbox replaced by ${ROWS} rows made from the fixture’s first row: 5 people at each company, so every row gets a badge.`,
        '',
        `Method: CDP tracing of the page (categories toplevel, devtools.timeline, v8.execute), read on the page renderer’s main thread: every task’s wall time and thread CPU time, the script events inside it with their script URL, and the rendering events (style, layout, pre-paint, paint, layerize, commit). A task counts as the extension’s when a message from the extension’s background started it (\`extensions.mojom.MessagePort\`, the Port delivering badges), when it ran the content script (URL chrome-extension://…/content-scripts/gmail.js), or when it rendered a frame: in these windows the page runs nothing of its own, so the frame after the badges changed renders the extension’s changes. Playwright’s polling (DevTools protocol tasks) is excluded. CPU time is the budget’s measure because the profile’s background worker and the sidebar’s renderer work on the same change at the same moment on this 2-core machine, which stretches wall-clock time without being work done in the page.`,
        '',
        `Full re-render: the manager hands all 20 customers to the next owner in one push; the server pokes the profile, its background pulls and sends new badges over the Port; the content script redraws all ${ROWS} (new initials, colour, title). Timed from the trace start 100 ms before the push to ${SETTLE_MS} ms after all badges showed the new owner. Per redraw the extension’s tasks were typically ${fmt(tasksPerRedraw)} (the message, then the frame rendering it). CPU ms per redraw: ${cpu(
          redraws,
        )
          .map((v) => fmt(v, 1))
          .join(', ')}.`,
        '',
        `Where the CPU time of a redraw goes (medians): the content script ${ms(median(scriptCpu(redraws)))} (receiving the message, checking it, updating ${ROWS} badges: the host’s owner attribute, the circle’s class (colour and initials image) and title), then the frame: ${stepMedians.join(', ')}. Slowest redraw: ${ms(slowest.work.cpuMs)} CPU, ${ms(slowest.work.ms)} wall.`,
        '',
        `Noise floor: ${CONTROLS} windows of 600 ms with no hand-off counted ${cpu(controls)
          .map((v) => fmt(v, 2))
          .join(', ')} ms CPU.`,
        '',
        `First draw: a new tab opens the inbox; counted from the first badges message (which creates ${ROWS} badges, each a custom element with a shadow root) through the detection pass their insertion triggers and the frames rendering them. Before that, the content script’s start (evaluating gmail.js: mounting the sidebar frame, the first detection of the page and its rows) took ${p50p95(starts)} CPU (p50 / p95), for information. Gmail redraw: the page replaces its ${ROWS} rows with fresh copies (what Gmail does on refresh or navigation); the extension’s MutationObserver schedules one detection pass in the next animation frame, which reads the rows and creates ${ROWS} new badges. Only the content script’s own time is attributed there (the frame’s rendering is shared with the page’s own redraw); it includes the style recalculation its visibility check (getComputedStyle) forces, part of which the page would have paid in that frame anyway.`,
      ],
      data: {
        rows: ROWS,
        customers: COMPANIES.length,
        redraws: redraws.map((w) => w.work),
        controls: controls.map((w) => w.work),
        listRedraws: listRedraws.map((w) => w.work),
        openings: openings.map((w) => w.work),
        contentScriptStartCpuMs: starts,
      },
    };
  },
};

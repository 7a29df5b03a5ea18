import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  addFollowUp,
  admin,
  eventually,
  expectCount,
  expectOwner,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  openSidebar,
  pickFromMenu,
  serveSite,
  testId,
  THREADS,
  twoTeammates,
  type Profile,
  type ServerProcess,
} from './harness';
import { seriousViolations } from './axe';

const { northwindJoan: NORTHWIND_JOAN, northwindRaj: NORTHWIND_RAJ, liLei: LI_LEI } = THREADS;

/** Each tries to run script when rendered as HTML; `window.__xss` or a dialog would tell. */
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '<script>window.__xss=2;alert(2)</script>',
  '<svg onload="window.__xss=3">',
  '<a href="javascript:window.__xss=4">html link</a>',
  '[md link](javascript:window.__xss=5)',
  '[upper](JAVASCRIPT:window.__xss=6)',
  '[entity](&#106;avascript:window.__xss=7)',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<iframe src="javascript:window.__xss=8"></iframe>',
  '**<b onmouseover="window.__xss=9">bold</b>** and [ok](https://example.com/ok)',
];

async function writeNote(sidebar: Frame, body: string, kind = 'note'): Promise<void> {
  await testId(sidebar, 'note-kind').selectOption(kind);
  await testId(sidebar, 'note-input').fill(body);
  await testId(sidebar, 'note-submit').click();
  await eventually(
    () => testId(sidebar, 'note-input').inputValue(),
    (v) => v === '',
    'the note saved',
  );
}

/** What in the sidebar could run script: handler attributes, script-like elements, links that are not http(s)/mailto. */
function activeContent(sidebar: Frame) {
  return sidebar.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('.sidebar *')) {
      if (['SCRIPT', 'IMG', 'SVG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase())) found.push(el.tagName);
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on')) found.push(`${el.tagName}[${attr.name}]`);
        if ((attr.name === 'href' || attr.name === 'src') && !/^(https?|mailto):/i.test(attr.value))
          found.push(`${el.tagName}[${attr.name}=${attr.value}]`);
      }
    }
    return { found, xss: (window as { __xss?: unknown }).__xss ?? null };
  });
}

describe('how notes are written and shown', () => {
  let server: ServerProcess;
  let ana: Profile;
  let ben: Profile;
  let teamId: string;
  const dialogs: string[] = [];
  const watch = (page: Page) => page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));

  beforeAll(async () => {
    ({ server, ana, ben, teamId } = await twoTeammates('Rendering'));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('notes holding HTML, script and markdown link tricks render as inert text in a teammate’s sidebar', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    watch(a.page);
    for (const body of PAYLOADS) await writeNote(a.sidebar, body);
    await writeNote(a.sidebar, `[10:21] Eve: ${PAYLOADS[0]}\n[10:22] Bob: ${PAYLOADS[4]}\n[10:23] Eve: ok`, 'chat');

    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    watch(b.page);
    await expectCount(testId(b.sidebar, 'note-item'), PAYLOADS.length + 1, 30_000);
    // Every payload reads as what was typed.
    await testId(b.sidebar, 'note-item').filter({ hasText: '<img src=x onerror="window.__xss=1;alert(1)">' }).first().waitFor();
    await testId(b.sidebar, 'note-item').filter({ hasText: '[md link](javascript:window.__xss=5)' }).first().waitFor();
    await testId(b.sidebar, 'note-item').filter({ hasText: '<script>window.__xss=2;alert(2)</script>' }).waitFor();
    // The chat note is a conversation, its payloads text too.
    await expectCount(testId(b.sidebar, 'chat-message'), 3);
    await expectText(testId(b.sidebar, 'chat-message').first(), /Eve.*10:21.*<img src=x onerror/s);
    // Markdown of the subset did become elements, and the one safe link is a link, opened apart.
    const ok = b.sidebar.locator('.note a[href="https://example.com/ok"]');
    expect(await ok.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await ok.getAttribute('target')).toBe('_blank');
    expect(await b.sidebar.locator('.note strong').filter({ hasText: '<b onmouseover' }).count()).toBe(1);
    // Hovering and clicking what looks like a link runs nothing.
    await b.sidebar.locator('.note strong').filter({ hasText: '<b onmouseover' }).hover();
    await b.sidebar.getByText('[md link](javascript:window.__xss=5)').first().click();
    for (const s of [a.sidebar, b.sidebar]) expect(await activeContent(s)).toEqual({ found: [], xss: null });
    for (const p of [a.page, b.page]) expect(await p.evaluate(() => (window as { __xss?: unknown }).__xss ?? null)).toBeNull();
    expect(dialogs).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('a pinned note shows at the top of every teammate’s sidebar until unpinned', async () => {
    const a = await openSidebar(ana, LI_LEI, '李雷');
    await writeNote(a.sidebar, '**决策人：** 李雷\n**预算：** 50万');
    await writeNote(a.sidebar, 'Called, no answer.');
    const fact = testId(a.sidebar, 'note-item').filter({ hasText: '决策人' });
    await pickFromMenu(fact, 'note-menu', 'note-pin');

    const b = await openSidebar(ben, LI_LEI, '李雷');
    const pinned = testId(b.sidebar, 'pinned-item');
    await expectText(pinned, /决策人： 李雷\s*预算： 50万/, 30_000);
    expect(await pinned.locator('strong').allTextContents()).toEqual(['决策人：', '预算：']);
    // At the top: above the follow-ups and the notes.
    const top = (await pinned.boundingBox())!.y;
    for (const below of [testId(b.sidebar, 'add-followup'), testId(b.sidebar, 'note-item').first()]) {
      expect((await below.boundingBox())!.y).toBeGreaterThan(top);
    }
    await testId(b.sidebar, 'pinned-unpin').click();
    await testId(a.sidebar, 'pinned-item').waitFor({ state: 'detached', timeout: 30_000 });
    await a.page.close();
    await b.page.close();
  });

  it('a note says where it was written, and one click goes back there', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    await writeNote(a.sidebar, 'Joan wants pallets by March.');
    const b = await openSidebar(ben, THREADS.northwindRaj, 'Northwind Traders');
    const note = testId(b.sidebar, 'note-item').filter({ hasText: 'Joan wants pallets by March.' });
    const source = note.getByTestId('note-source');
    await expectText(source, 'via Gmail: Pallet pricing for Q3', 30_000);
    expect(await source.getAttribute('href')).toBe(NORTHWIND_JOAN);
    const [opened] = await Promise.all([ben.context.waitForEvent('page'), source.click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(NORTHWIND_JOAN);
    await a.page.close();
    await b.page.close();
    await opened.close();
  });

  it('the timeline shows the owner change, a follow-up done and an acknowledgement among the notes, in time order', async () => {
    const a = await openSidebar(ana, 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f6ff', 'Northwind Traders');
    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    await writeNote(a.sidebar, 'Before the claim.');
    await testId(b.sidebar, 'note-item').filter({ hasText: 'Before the claim.' }).waitFor({ timeout: 30_000 });
    await testId(b.sidebar, 'claim').click();
    await expectOwner(a.sidebar, 'Ben Okoro', 30_000);
    await addFollowUp(a.sidebar, { title: 'Send the pallet quote' });
    await testId(a.sidebar, 'task-item').filter({ hasText: 'Send the pallet quote' }).getByTestId('task-done').click();
    await writeNote(a.sidebar, 'After the claim.');
    await testId(a.sidebar, 'note-kind').selectOption('change');
    await testId(a.sidebar, 'change-topic').selectOption('quote');
    await testId(a.sidebar, 'change-summary').fill('Pallets now 9.20 USD');
    await writeNote(a.sidebar, 'Price agreed with Raj.', 'change');
    await testId(b.sidebar, 'ack').click();

    await testId(b.sidebar, 'notes-mode-timeline').click();
    const lines = b.sidebar.locator('.timeline > li');
    const read = () =>
      lines.evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-testid')}:${el.getAttribute('data-type') ?? ''}:${el.textContent ?? ''}`),
      );
    const shown = await eventually(
      read,
      (l) => l.some((x) => x.startsWith('timeline-event:done')),
      'the follow-up done in the timeline',
      30_000,
    );
    const index = (re: RegExp) => shown.findIndex((x) => re.test(x));
    expect(index(/^note-item::.*After the claim/)).toBeGreaterThanOrEqual(0);
    expect(index(/^note-item::.*After the claim/)).toBeLessThan(index(/^timeline-event:done:.*Send the pallet quote/));
    expect(index(/^timeline-event:done:/)).toBeLessThan(index(/^timeline-event:claim:.*Ben Okoro claimed/));
    expect(index(/^timeline-event:claim:/)).toBeLessThan(index(/^note-item::.*Before the claim/));
    // Back to the notes alone.
    await testId(b.sidebar, 'notes-mode-notes').click();
    await expectCount(b.sidebar.locator('[data-testid="timeline-event"]'), 0);
    await a.page.close();
    await b.page.close();
  });

  it('reads well in both languages at both sizes: text at least 13 px, never smaller than its byline', async () => {
    const invite = await admin<{ inviteCode: string }>(server.databaseUrl, 'invite:create', '--team', teamId, '--role', 'rep');
    const zh = await launchProfile({ locale: 'zh-CN' });
    try {
      await serveSite(zh.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
      (await joinTeam(zh, { server: server.url, code: invite.inviteCode, name: '王芳', email: 'wang.fang@sidenote-demo.com' })).close();
      const a = await openSidebar(ana, LI_LEI, '李雷');
      await writeNote(
        a.sidebar,
        '张三 2026/11/30 14:05\n王经理，报价单收到了吗？\n\n李雷 2026/11/30 14:06\n收到了，下周一给您回复\n\n张三 2026/11/30 14:07\n好的，谢谢',
        'chat',
      );
      await writeNote(
        a.sidebar,
        '**Next:** send the *revised* quote\n- 2000 pallets\n- delivery in March\n\nSee [the quote](https://crm.example.com/q/7)',
      );
      await pickFromMenu(testId(a.sidebar, 'note-item').filter({ hasText: 'send the revised quote' }), 'note-menu', 'note-pin');
      const z = await openSidebar(zh, LI_LEI, '李雷');
      for (const [who, view] of [
        ['en', a],
        ['zh', z],
      ] as const) {
        await testId(view.sidebar, 'pinned-item').filter({ hasText: 'send the revised quote' }).waitFor({ timeout: 30_000 });
        await expectCount(testId(view.sidebar, 'chat-message'), 3, 30_000);
        const sizes = await view.sidebar.evaluate(() => {
          const px = (sel: string) => [...document.querySelectorAll(sel)].map((el) => parseFloat(getComputedStyle(el).fontSize));
          return { body: px('.note .body p, .chat-said, .pinned-item .body p'), byline: px('.note .byline, .chat-head') };
        });
        expect(Math.min(...sizes.body)).toBeGreaterThanOrEqual(13);
        expect(Math.min(...sizes.body)).toBeGreaterThanOrEqual(Math.max(...sizes.byline));
        expect(await seriousViolations(view.sidebar)).toEqual([]);
        await testId(view.sidebar, 'notes-mode-timeline').click();
        expect(await seriousViolations(view.sidebar)).toEqual([]);
        await testId(view.sidebar, 'notes-mode-notes').click();
        if (process.env.SHOTS_DIR) {
          for (const size of [
            { width: 1280, height: 720 },
            { width: 1440, height: 900 },
          ]) {
            await view.page.setViewportSize(size);
            await view.page.screenshot({ path: `${process.env.SHOTS_DIR}/notes-${who}-${size.width}.png` });
          }
        }
      }
      // The timeline of the customer the test above gave a history.
      if (process.env.SHOTS_DIR) {
        for (const [who, profile] of [
          ['en', ana],
          ['zh', zh],
        ] as const) {
          const view = await openSidebar(profile, NORTHWIND_JOAN, 'Northwind Traders');
          await testId(view.sidebar, 'notes-mode-timeline').click();
          for (const size of [
            { width: 1280, height: 720 },
            { width: 1440, height: 900 },
          ]) {
            await view.page.setViewportSize(size);
            await view.page.screenshot({ path: `${process.env.SHOTS_DIR}/timeline-${who}-${size.width}.png` });
          }
          await view.page.close();
        }
      }
      await a.page.close();
      await z.page.close();
    } finally {
      await zh.close();
    }
  });
});

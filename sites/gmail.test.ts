import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openFixture } from '@/tests/fixtures/open';
import { gmail } from './gmail';

const INBOX = 'https://mail.google.com/mail/u/0/#inbox';
const rowsOf = (doc: Document) =>
  gmail.rows!(doc, new URL(INBOX)).anchors.map((a) => ({
    row: a.element.closest('tr')?.id,
    text: a.element.textContent,
    identity: a.identity,
  }));

/** Gmail's view switch, as the fixture's own script does it: one view shown, with role=main. */
function showView(doc: Document, route: string): void {
  for (const view of doc.querySelectorAll<HTMLElement>('.aeF > .nH')) {
    const on = view.dataset.route === route;
    view.style.display = on ? '' : 'none';
    if (on) view.setAttribute('role', 'main');
    else view.removeAttribute('role');
  }
}

describe('gmail thread view (mailbox fixture)', () => {
  it('reads the participants of the visible thread only', async () => {
    const doc = await openFixture('gmail/mailbox.html', INBOX);
    showView(doc, '18f2a9c3d4e5f601');
    const ctx = gmail.detect(doc, new URL(`${INBOX}/18f2a9c3d4e5f601`));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('Pallet pricing for Q3');
    expect(ctx.selfEmails).toEqual(['ana.souza@sidenote-demo.com']);
    // Senders first, once each; never the signed-in user.
    expect(ctx.people.map((p) => p.email)).toEqual(['joan.miller@northwind-traders.com', 'purchasing@northwind-traders.com']);
    expect(ctx).toMatchObject({ view: 'thread', missing: [] });
  });

  it('is idle on the inbox route', async () => {
    const doc = await openFixture('gmail/mailbox.html', INBOX);
    expect(gmail.detect(doc, new URL(INBOX))).toMatchObject({ layout: 'idle', people: [] });
  });
});

describe('gmail list rows', () => {
  it('anchors each visible row at its first participant who is not the user', async () => {
    const doc = await openFixture('gmail/inbox-list.html', INBOX);
    expect(rowsOf(doc)).toEqual([
      { row: ':2a', text: 'Joan Miller', identity: { kind: 'email', value: 'joan.miller@northwind-traders.com' } },
      { row: ':2b', text: 'Raj', identity: { kind: 'email', value: 'raj.patel@northwind-traders.com' } },
      { row: ':2c', text: '李雷', identity: { kind: 'email', value: 'li.lei@163.com' } },
      // :2d is a draft to the user alone: no badge. The colleague's row gets one; the team
      // domain is the background's business.
      { row: ':2e', text: 'Ben Okoro', identity: { kind: 'email', value: 'ben.okoro@sidenote-demo.com' } },
    ]);
  });

  it('never anchors rows of hidden tabs or hidden views', async () => {
    const doc = await openFixture('gmail/inbox-list.html', INBOX);
    const emails = gmail.rows!(doc, new URL(INBOX)).anchors.map((a) => a.identity.value);
    expect(emails).not.toContain('deals@pallet-shop.example');
    expect(emails).not.toContain('sam@contoso-stale.com');
    // Switch to the label view: only its rows count now.
    showView(doc, 'label/Clients');
    expect(rowsOf(doc)).toEqual([{ row: ':4a', text: 'Sam Stale', identity: { kind: 'email', value: 'sam@contoso-stale.com' } }]);
  });

  it('has no rows in a thread view', async () => {
    const doc = await openFixture('gmail/mailbox.html', INBOX);
    showView(doc, '18f2a9c3d4e5f601');
    expect(gmail.rows!(doc, new URL(`${INBOX}/18f2a9c3d4e5f601`)).anchors).toEqual([]);
  });

  it('is idle on a list without a reading pane', async () => {
    const doc = await openFixture('gmail/inbox-list.html', INBOX);
    expect(gmail.detect(doc, new URL(INBOX))).toMatchObject({
      layout: 'idle',
      people: [],
      title: 'Inbox (2) - ana.souza@sidenote-demo.com - Gmail',
    });
  });
});

describe('gmail reading pane (split mode)', () => {
  it('reads the thread shown beside the list, though the route names no thread', async () => {
    const doc = await openFixture('gmail/reading-pane.html', INBOX);
    const ctx = gmail.detect(doc, new URL(INBOX));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('包装样品确认');
    expect(ctx.selfEmails).toEqual(['ana.souza@sidenote-demo.com']);
    // Not Joan (the hidden earlier thread, and a list row), not the quoted third party, not the user.
    expect(ctx.people).toEqual([
      { email: 'wang.fang@huaxin-pack.cn', name: '王芳' },
      { email: 'zhao.lei@huaxin-pack.cn', name: '赵磊' },
    ]);
    expect(ctx).toMatchObject({ view: 'split', missing: [] });
  });

  it('still anchors the list rows beside the pane', async () => {
    const doc = await openFixture('gmail/reading-pane.html', INBOX);
    expect(gmail.rows!(doc, new URL(INBOX)).anchors.map((a) => a.identity.value)).toEqual([
      'wang.fang@huaxin-pack.cn',
      'joan.miller@northwind-traders.com',
    ]);
  });

  it('is idle when the pane shows no conversation', async () => {
    const doc = await openFixture('gmail/reading-pane.html', INBOX);
    for (const thread of doc.querySelectorAll<HTMLElement>('.pane > .nH')) thread.style.display = 'none';
    expect(gmail.detect(doc, new URL(INBOX))).toMatchObject({ layout: 'idle', people: [] });
  });
});

describe('gmail split reading pane, horizontal (list above, thread below)', () => {
  const LABEL = 'https://mail.google.com/mail/u/0/#label/Clients';

  it('reads the open thread below the list by structure, with no split-mode marker', async () => {
    const doc = await openFixture('gmail/split-horizontal.html', LABEL);
    expect(doc.querySelector('.aia')).toBeNull();
    expect(gmail.detect(doc, new URL(LABEL))).toMatchObject({
      layout: 'recognised',
      view: 'split',
      missing: [],
      title: 'Container schedule, January',
      // Not Joan (the hidden earlier thread), not the forwarder quoted in the body, not the user.
      people: [
        { email: 'maria.gomez@andes-import.cl', name: 'Maria Gomez' },
        { email: 'carlos.ruiz@andes-import.cl', name: 'Carlos Ruiz' },
      ],
    });
  });

  it('anchors the rows above, skipping the draft to the user alone', async () => {
    const doc = await openFixture('gmail/split-horizontal.html', LABEL);
    const rows = gmail.rows!(doc, new URL(LABEL));
    expect(rows.anchors.map((a) => a.identity.value)).toEqual(['maria.gomez@andes-import.cl', 'joan.miller@northwind-traders.com']);
    expect(rows.unreadable).toBe(0);
  });
});

describe('gmail with its right side panel open', () => {
  const THREAD = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvHLrdwnBKqLnrbbWcM';

  it('reads the thread, never the panel’s meeting guests', async () => {
    const doc = await openFixture('gmail/side-panel.html', THREAD);
    expect(gmail.detect(doc, new URL(THREAD))).toMatchObject({
      layout: 'recognised',
      view: 'thread',
      title: 'Sample cartons for the fair',
      people: [{ email: 'zhao.lei@huaxin-pack.cn', name: '赵磊' }],
    });
  });

  it('never takes the panel’s own main view for the thread when the thread view is gone', async () => {
    const doc = await openFixture('gmail/side-panel.html', THREAD);
    doc.querySelector('[data-route="thread"]')!.remove();
    expect(gmail.detect(doc, new URL(THREAD))).toMatchObject({ people: [], layout: 'idle' });
  });
});

describe('gmail thread opened from search results', () => {
  const SEARCH_THREAD = 'https://mail.google.com/mail/u/0/#search/pallet+pricing/FMfcgzQXJWDsKmvHLrdwnBKqLnrbbWcM';

  it('reads the thread: the collapsed message’s sender too, not the hidden results or the quoted third party', async () => {
    const doc = await openFixture('gmail/search-thread.html', SEARCH_THREAD);
    const ctx = gmail.detect(doc, new URL(SEARCH_THREAD));
    expect(ctx).toMatchObject({ layout: 'recognised', view: 'thread', missing: [], title: 'Pallet pricing for Q3' });
    expect(ctx.people.map((p) => p.email)).toEqual(['joan.miller@northwind-traders.com', 'raj.patel@northwind-traders.com']);
  });

  it('takes a long one-word search for a list, not a thread; a label thread and a paged list are told apart', () => {
    const doc = new JSDOM('<div role="main"><table><tr class="zA"></tr></table></div>').window.document;
    const layoutAt = (hash: string) => gmail.detect(doc, new URL(`https://mail.google.com/mail/u/0/${hash}`));
    expect(layoutAt('#search/northwindtraderspallets')).toMatchObject({ layout: 'idle', view: 'list' });
    expect(layoutAt('#inbox/p2')).toMatchObject({ layout: 'idle', view: 'list' });
    // A thread route whose page lacks the thread's anchors: Gmail changed its markup.
    expect(layoutAt('#label/Clients%2FAsia/FMfcgzQXJWDsKmvHLrdwnBKqLnrbbWcM')).toMatchObject({ layout: 'unrecognised', view: 'thread' });
    expect(layoutAt('#search/in%3Asent+joan/18f2a9c3d4e5f601')).toMatchObject({ layout: 'unrecognised', view: 'thread' });
  });
});

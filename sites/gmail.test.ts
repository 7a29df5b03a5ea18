// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture } from '@/tests/fixtures/open';
import { gmail } from './gmail';

const INBOX = 'https://mail.google.com/mail/u/0/#inbox';
const rowsOf = (doc: Document) =>
  gmail.rows!(doc, new URL(INBOX)).map((a) => ({ row: a.element.closest('tr')?.id, text: a.element.textContent, identity: a.identity }));

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
    expect(ctx.people.map((p) => p.email)).toEqual([
      'joan.miller@northwind-traders.com',
      'ana.souza@sidenote-demo.com',
      'purchasing@northwind-traders.com',
      'ana.souza@sidenote-demo.com',
      'joan.miller@northwind-traders.com',
    ]);
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
    const emails = gmail.rows!(doc, new URL(INBOX)).map((a) => a.identity.value);
    expect(emails).not.toContain('deals@pallet-shop.example');
    expect(emails).not.toContain('sam@contoso-stale.com');
    // Switch to the label view: only its rows count now.
    showView(doc, 'label/Clients');
    expect(rowsOf(doc)).toEqual([{ row: ':4a', text: 'Sam Stale', identity: { kind: 'email', value: 'sam@contoso-stale.com' } }]);
  });

  it('has no rows in a thread view', async () => {
    const doc = await openFixture('gmail/mailbox.html', INBOX);
    showView(doc, '18f2a9c3d4e5f601');
    expect(gmail.rows!(doc, new URL(`${INBOX}/18f2a9c3d4e5f601`))).toEqual([]);
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
    // Not Joan (the hidden earlier thread, and a list row), not the quoted third party.
    expect(ctx.people).toEqual([
      { email: 'wang.fang@huaxin-pack.cn', name: '王芳' },
      { email: 'ana.souza@sidenote-demo.com', name: 'Ana Souza' },
      { email: 'zhao.lei@huaxin-pack.cn', name: '赵磊' },
    ]);
  });

  it('still anchors the list rows beside the pane', async () => {
    const doc = await openFixture('gmail/reading-pane.html', INBOX);
    expect(gmail.rows!(doc, new URL(INBOX)).map((a) => a.identity.value)).toEqual([
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

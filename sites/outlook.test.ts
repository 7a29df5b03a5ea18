import { describe, expect, it } from 'vitest';
import { customerCandidates } from '@/model/context';
import { openFixture } from '@/tests/fixtures/open';
import { outlook } from './outlook';

const ITEM = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM3ZmYAZS05ZDk0LTEwMDItMDACLTAwCgAQAJ8%2Bh2mNkE6xq5eK4bZpXKE%3D';
const LIVE_INBOX = 'https://outlook.live.com/mail/0/';

describe('outlook reading pane', () => {
  it('reads the sender and the addressed recipients from the message headers', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    const ctx = outlook.detect(doc, new URL(ITEM));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('Pallet pricing for Q3');
    expect(ctx.url).toBe(ITEM);
    expect(ctx.selfEmails).toEqual(['ana.souza@sidenote-demo.com']);
    // Not the user, not the quoted or forwarded third parties, not the addresses typed into the
    // reply; "Chen Jing" shows no address and cannot be read.
    expect(ctx.people).toEqual([
      { email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' },
      { email: 'purchasing@northwind-traders.com', name: 'Northwind Purchasing' },
      { email: 'ben.okoro@sidenote-demo.com', name: 'Ben Okoro' },
    ]);
    // The colleague on Cc drops out once the team's domain is known.
    const candidates = customerCandidates(ctx, { email: 'ana.souza@sidenote-demo.com', teamDomains: ['sidenote-demo.com'] });
    expect(candidates.map((c) => c.key)).toEqual(['domain:northwind-traders.com']);
  });

  it('reads the same pane on the short item route and on a deep link, and is idle outside mail', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    for (const href of [
      'https://outlook.office365.com/mail/id/AAMkAGI2TG93AAA%3D',
      'https://outlook.office.com/mail/deeplink/read/AAMkAGI2TG93AAA%3D',
    ]) {
      expect(outlook.detect(doc, new URL(href)).people.map((p) => p.email)).toEqual([
        'joan.miller@northwind-traders.com',
        'purchasing@northwind-traders.com',
        'ben.okoro@sidenote-demo.com',
      ]);
    }
    expect(outlook.detect(doc, new URL('https://outlook.office.com/calendar/view/week'))).toMatchObject({ layout: 'idle', people: [] });
  });

  it('still reads the people of a pane with no subject heading, recognised only in part', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    doc.querySelector('[role="heading"][title]')!.remove();
    for (const heading of doc.querySelectorAll('[role="heading"]')) heading.removeAttribute('role');
    expect(outlook.detect(doc, new URL(ITEM))).toMatchObject({
      layout: 'recognised',
      view: 'readingPane',
      missing: ['subject'],
      title: 'Mail - Ana Souza - Outlook',
      people: [
        { email: 'joan.miller@northwind-traders.com' },
        { email: 'purchasing@northwind-traders.com' },
        { email: 'ben.okoro@sidenote-demo.com' },
      ],
    });
  });

  it('says so when the senders cannot be found, though others are named', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    for (const from of doc.querySelectorAll('.OZZZK')) from.className = 'renamed';
    for (const from of doc.querySelectorAll('[aria-label^="From:"]')) from.removeAttribute('aria-label');
    expect(outlook.detect(doc, new URL(ITEM))).toMatchObject({ layout: 'recognised', missing: ['sender'] });
  });

  it('is unrecognised when an item is open but no reading pane is on screen', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    doc.querySelector('#ReadingPaneContainerId')!.removeAttribute('id');
    for (const el of doc.querySelectorAll('[data-app-section], [role="main"]')) el.remove();
    expect(outlook.detect(doc, new URL(ITEM))).toMatchObject({ layout: 'unrecognised', people: [], title: 'Mail - Ana Souza - Outlook' });
  });

  it('falls back to the first heading that is no From/To line when the subject has no title', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    const subject = doc.querySelector('[role="heading"][title]')!;
    subject.removeAttribute('title');
    subject.textContent = 'Pallet pricing for Q3 (updated)';
    subject.parentElement!.append(subject); // after the From/To headings now
    expect(outlook.detect(doc, new URL(ITEM)).title).toBe('Pallet pricing for Q3 (updated)');
  });

  it('anchors message-list rows at their first sender who is not the user', async () => {
    const doc = await openFixture('outlook/reading-pane.html', ITEM);
    expect(
      outlook.rows!(doc, new URL(ITEM)).anchors.map((a) => [a.element.closest('[role="option"]')!.id, a.element.textContent, a.identity]),
    ).toEqual([
      ['AQAAAAAJuqM1AAAA', 'Joan Miller', { kind: 'email', value: 'joan.miller@northwind-traders.com' }],
      ['AQAAAAAJuqM2AAAA', 'Raj Patel', { kind: 'email', value: 'raj.patel@northwind-traders.com' }],
      ['AQAAAAAJuqM3AAAA', '李雷', { kind: 'email', value: 'li.lei@163.com' }],
    ]);
  });
});

describe('outlook.com inbox, nothing selected (Chinese UI)', () => {
  it('is idle: the reading pane shows no message', async () => {
    const doc = await openFixture('outlook/inbox.html', LIVE_INBOX);
    expect(outlook.detect(doc, new URL(LIVE_INBOX))).toEqual({
      site: 'outlook',
      url: LIVE_INBOX,
      title: '邮件 - 陈梅 - Outlook',
      people: [],
      selfEmails: ['meichen.exports@outlook.com'],
      companies: [],
      phones: [],
      crm: null,
      layout: 'idle',
      view: 'readingPane',
      missing: [],
    });
  });

  it('is unrecognised on an item route whose pane shows nothing readable', async () => {
    const doc = await openFixture('outlook/inbox.html', LIVE_INBOX);
    const item = 'https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM3ZmYAZS05ZDk0LTEwMDItMDACLTAwCgAQAAAAAAAAAAAAAAAAAAAAAA1%3D';
    expect(outlook.detect(doc, new URL(item))).toMatchObject({ layout: 'unrecognised', people: [] });
  });

  it('anchors the rows of the visible list, not the hidden suggestions, and skips senders without an address', async () => {
    const doc = await openFixture('outlook/inbox.html', LIVE_INBOX);
    expect(outlook.rows!(doc, new URL(LIVE_INBOX)).anchors.map((a) => [a.element.textContent, a.identity.value])).toEqual([
      ['Hans Weber', 'hans.weber@mueller-logistik.de'],
      ['Tom Lee', 'tom.lee.sourcing@outlook.com'],
      ['周强', 'zhouqiang.exports@outlook.com'],
    ]);
  });
});

describe('outlook in other UI languages', () => {
  const DE_ITEM = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATMwMAItYjBiZi03YmY3LTAwAi0wMAoAEABjgKbAj7DwSKnW58xs6QY7';
  const ZH_ITEM = 'https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM3ZmYAZS05ZDk0LTEwMDItMDACLTAwCgAQAGZhC3ZgAAAAAAAAAAAAAAA%3D';

  it('reads a German pane found by data-app-section, with no subject heading: the sender and recipients', async () => {
    const doc = await openFixture('outlook/reading-pane-de.html', DE_ITEM);
    const ctx = outlook.detect(doc, new URL(DE_ITEM));
    expect(ctx).toMatchObject({
      layout: 'recognised',
      view: 'readingPane',
      // No heading names the subject: the tab's title stands in, and the check says so.
      missing: ['subject'],
      title: 'E-Mail – Lena Fischer – Outlook',
      selfEmails: ['lena.fischer@sidenote-demo.com'],
    });
    // "Von: " and "An: " are not part of anyone's name; the carrier in the body is no participant.
    expect(ctx.people).toEqual([
      { email: 'hans.weber@mueller-logistik.de', name: '' },
      { email: 'anna.schmidt@mueller-logistik.de', name: 'Anna Schmidt' },
    ]);
  });

  it('anchors the German message list by its rows, whatever its label', async () => {
    const doc = await openFixture('outlook/reading-pane-de.html', DE_ITEM);
    const rows = outlook.rows!(doc, new URL(DE_ITEM));
    expect(rows.anchors.map((a) => a.identity.value)).toEqual(['hans.weber@mueller-logistik.de', 'einkauf@kessler-maschinen.de']);
    expect(rows.unreadable).toBe(1);
  });

  it('reads a Chinese conversation: subject, the sender of the open message, the recipients; not the user, the body or the reply', async () => {
    const doc = await openFixture('outlook/reading-pane-zh.html', ZH_ITEM);
    const ctx = outlook.detect(doc, new URL(ZH_ITEM));
    expect(ctx).toMatchObject({ layout: 'recognised', view: 'readingPane', missing: [], title: '包装样品确认' });
    expect(ctx.people).toEqual([
      { email: 'wang.fang@huaxin-pack.cn', name: '王芳' },
      { email: 'zhao.lei@huaxin-pack.cn', name: '赵磊' },
    ]);
    expect(customerCandidates(ctx, { email: 'meichen.exports@outlook.com', teamDomains: [] }).map((c) => c.key)).toEqual([
      'domain:huaxin-pack.cn',
    ]);
  });

  it('finds the pane by its label, in each language Sidenote ships and in German, when its ids and data attributes are gone', async () => {
    for (const [file, url, label, sender] of [
      ['outlook/reading-pane-zh.html', ZH_ITEM, '阅读窗格', 'wang.fang@huaxin-pack.cn'],
      ['outlook/reading-pane-de.html', DE_ITEM, 'Lesebereich', 'hans.weber@mueller-logistik.de'],
      ['outlook/reading-pane.html', ITEM, 'Reading Pane', 'joan.miller@northwind-traders.com'],
    ] as const) {
      const doc = await openFixture(file, url);
      for (const el of doc.querySelectorAll('[data-app-section]')) el.removeAttribute('data-app-section');
      for (const el of doc.querySelectorAll('#ConversationReadingPaneContainer, #ReadingPaneContainerId')) el.removeAttribute('id');
      expect(doc.querySelector(`[role="main"][aria-label="${label}"]`), label).not.toBeNull();
      const ctx = outlook.detect(doc, new URL(url));
      expect({ layout: ctx.layout, first: ctx.people[0]?.email }, label).toEqual({ layout: 'recognised', first: sender });
    }
  });
});

import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureHtml, openFixture } from '@/tests/fixtures/open';
import { outlook, OUTLOOK_SELECTORS } from './outlook';
import { qqmail, QQMAIL_SELECTORS } from './qqmail';
import { selectorTable } from './selectors';

const doc = new JSDOM('').window.document;

describe('selectorTable', () => {
  it('joins each key’s list for queries, keeps the order for first-match lookups', () => {
    const S = selectorTable({ pane: ['#a', '[data-x]'], row: ['tr'] });
    expect(S.pane).toBe('#a, [data-x]');
    expect(S.list.pane).toEqual(['#a', '[data-x]']);
  });

  it('puts a selector file’s keys in place of the built-in ones, and only those', () => {
    const S = selectorTable({ pane: ['#a'], row: ['tr'] });
    expect(S.override({ pane: ['#b', '.c'] }, doc)).toBe(true);
    expect([S.pane, S.row]).toEqual(['#b, .c', 'tr']);
    // The same file again changes nothing; a file without the key puts the built-in one back.
    expect(S.override({ pane: ['#b', '.c'] }, doc)).toBe(false);
    expect(S.override({}, doc)).toBe(true);
    expect(S.pane).toBe('#a');
  });

  it('drops selectors this browser cannot parse, and keeps the built-in ones when none is left; ignores unknown keys', () => {
    const S = selectorTable({ pane: ['#a'] });
    expect(S.override({ pane: ['#b', 'div >', '[[x'], nonsense: ['#z'] }, doc)).toBe(true);
    expect(S.pane).toBe('#b');
    S.override({ pane: ['a::', '#'] }, doc);
    expect(S.pane).toBe('#a');
    expect(() => doc.querySelector(S.pane)).not.toThrow();
  });
});

describe('a host changes its markup: the team’s selector file fixes it without a release', () => {
  const DE_ITEM = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATMwMAItYjBiZi03YmY3LTAwAi0wMAoAEABjgKbAj7DwSKnW58xs6QY7';
  afterEach(() => {
    OUTLOOK_SELECTORS.override({}, doc);
    QQMAIL_SELECTORS.override({}, doc);
  });

  it('recognises an Outlook pane with a new data-app-section once the file names it as outlook.readingPane', async () => {
    const changed = fixtureHtml('outlook/reading-pane-de.html')
      .replace('data-app-section="MailReadCompose" aria-label="Lesebereich"', 'data-app-section="ReadingPaneV2"')
      .replace('class="aVla3"', 'class="x9Qe2"');
    const page = new JSDOM(changed, { url: DE_ITEM }).window.document;
    expect(outlook.detect(page, new URL(DE_ITEM))).toMatchObject({ layout: 'unrecognised', people: [] });
    expect(outlook.selectors.override({ readingPane: ['[data-app-section="ReadingPaneV2"]'] }, page)).toBe(true);
    expect(outlook.detect(page, new URL(DE_ITEM))).toMatchObject({
      layout: 'recognised',
      people: [{ email: 'hans.weber@mueller-logistik.de' }, { email: 'anna.schmidt@mueller-logistik.de' }],
    });
  });

  it('badges QQ Mail rows whose address moved to another attribute once the file names it as qqmail.classicRowAddress', async () => {
    const url = 'https://mail.qq.com/cgi-bin/mail_list?sid=sL2C4LTRaQ9U1RdN&folderid=1';
    const page = await openFixture('qqmail/classic-list-2018.html', url);
    for (const box of page.querySelectorAll('input[name="mailid"][fa]')) {
      box.setAttribute('data-from', box.getAttribute('fa')!);
      box.removeAttribute('fa');
    }
    for (const span of page.querySelectorAll('span[e]')) span.removeAttribute('e');
    expect(qqmail.rows!(page, new URL(url)).anchors).toEqual([]);
    qqmail.selectors.override({ classicRowAddress: ['input[name="mailid"][data-from]'] }, page);
    expect(qqmail.rows!(page, new URL(url)).anchors.map((a) => a.identity.value)).toEqual([
      'chen.jing@huaxin-pack.cn',
      '88886666@qq.com',
      '10000@qq.com',
    ]);
  });
});

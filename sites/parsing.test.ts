import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { fixtureHtml, openFixture } from '@/tests/fixtures/open';
import { qqmail } from './qqmail';

const READ =
  'https://mail.qq.com/cgi-bin/readmail?folderid=1&folderkey=1&t=readmail&mailid=ZC4606-GBXLPmptx6GJ4yF7xGGoY7c&mode=pre&maxage=3600&base=11.27&ver=13079&sid=sL2C4LTRaQ9U1RdN';

/**
 * Why adapter tests parse fixtures with jsdom (tests/fixtures/open.ts): happy-dom 21 does not end
 * a comment such as `<!--</span-->` where browsers do, and drops everything up to the next `-->`.
 * Real QQ Mail pages contain such comments. tests/e2e/parsing.test.ts checks jsdom against Chromium.
 */
describe('fixture parsing', () => {
  it('jsdom keeps what follows <!--</span-->, as browsers do: the readmail page’s Cc is read', async () => {
    const doc = await openFixture('qqmail/readmail-alone-2018.html', READ);
    expect(doc.querySelectorAll('.readmailinfo span[e]')).toHaveLength(3);
    expect(qqmail.detect(doc, new URL(READ)).people.map((p) => p.email)).toEqual(['chen.jing@huaxin-pack.cn', 'liu.yang@huaxin-pack.cn']);
  });

  it('happy-dom loses it: the same test run on its parse would pass over the missing Cc', async () => {
    const window = new Window({ url: READ });
    try {
      window.document.write(fixtureHtml('qqmail/readmail-alone-2018.html'));
      const doc = window.document as unknown as Document;
      expect(doc.querySelectorAll('.readmailinfo span[e]')).toHaveLength(1);
      expect(qqmail.detect(doc, new URL(READ)).people.map((p) => p.email)).toEqual(['chen.jing@huaxin-pack.cn']);
    } finally {
      await window.happyDOM.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { customerCandidates } from '@/model/context';
import { openFixture } from '@/tests/fixtures/open';
import { aliyun } from './aliyun';

const INBOX = 'https://qiye.aliyun.com/alimail/entries/v5.1/mail/inbox/all';

describe('aliyun (generic header lines)', () => {
  it('reads the labelled header lines of the visible mail only', async () => {
    const doc = await openFixture('aliyun/mail.html', INBOX);
    const ctx = aliyun.detect(doc, new URL(INBOX));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('阿里邮箱');
    // Not the list rows, the hidden earlier mail, the body's forwarder, the quoted supplier or
    // the reply window. The user's address is unknown to the page's markup, so it stays here.
    expect(ctx.people).toEqual([
      { email: 'sato.ken@kaiyo-trading.co.jp', name: '佐藤健' },
      { email: 'zhang.wei@sidenote-demo.com', name: '张伟' },
      { email: 'li.na@sidenote-demo.com', name: '李娜' },
      { email: 'suzuki.hanako@kaiyo-trading.co.jp', name: '鈴木 花子' },
    ]);
    expect(ctx.selfEmails).toEqual([]);
    const candidates = customerCandidates(ctx, { email: 'zhang.wei@sidenote-demo.com', teamDomains: ['sidenote-demo.com'] });
    expect(candidates.map((c) => c.key)).toEqual(['domain:kaiyo-trading.co.jp']);
  });

  it('is unrecognised when no mail is open: list rows and the reply window are never read', async () => {
    const doc = await openFixture('aliyun/mail.html', INBOX);
    doc.querySelector('.reader:not(.stale)')!.remove();
    expect(aliyun.detect(doc, new URL(INBOX))).toMatchObject({ layout: 'unrecognised', people: [], title: '阿里邮箱' });
  });

  it('has no list-row badges: the list markup is unknown', () => {
    expect(aliyun.rows).toBeUndefined();
  });
});

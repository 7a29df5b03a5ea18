import { describe, expect, it } from 'vitest';
import { customerCandidates } from '@/model/context';
import { navigateFrame, openFixture } from '@/tests/fixtures/open';
import { withRowProblems } from './partial';
import { qqmail } from './qqmail';

const FRAME_HTML = 'https://exmail.qq.com/cgi-bin/frame_html?sid=Qx3bWk_9mZ1aF2cE,7&r=5f4dcc3b5aa765d61d8327deb882cf99';
const FRAME_PAGES = { '/cgi-bin/readmail': 'qqmail/exmail-readmail.html', '/cgi-bin/mail_list': 'qqmail/exmail-list.html' };
const LIST_SRC = '/cgi-bin/mail_list?sid=Qx3bWk_9mZ1aF2cE,7&folderid=1&page=0';
const WX = 'https://wx.mail.qq.com/home/index?sid=zB3xQ9vL2mK7pT4w#/list/1/1';

const openExmail = () => openFixture('qqmail/exmail-classic.html', FRAME_HTML, FRAME_PAGES);
const mainFrame = (doc: Document) => doc.querySelector<HTMLIFrameElement>('iframe#mainFrame')!;

describe('exmail classic: a mail in mainFrame', () => {
  it('watches the mail frame', () => {
    expect(qqmail.frames).toContain('iframe#mainFrame');
  });

  it('reads the sender and recipients from the header spans, without the user', async () => {
    const doc = await openExmail();
    expect(mainFrame(doc).contentDocument!.location.pathname).toBe('/cgi-bin/readmail');
    const ctx = qqmail.detect(doc, new URL(FRAME_HTML));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('关于 12 月纸箱订单的报价确认');
    expect(ctx.selfEmails).toEqual(['zhang.wei@sidenote-demo.com']);
    // Not the forwarder in the body, not the old supplier quoted or offered in the quick reply.
    expect(ctx.people).toEqual([
      { email: 'chen.jing@huaxin-pack.cn', name: '陈静' },
      { email: 'liu.yang@huaxin-pack.cn', name: '刘洋' },
      { email: 'wang.fang@sidenote-demo.com', name: '王芳' },
    ]);
    const candidates = customerCandidates(ctx, { email: 'zhang.wei@sidenote-demo.com', teamDomains: ['sidenote-demo.com'] });
    expect(candidates.map((c) => [c.key, c.name])).toEqual([['domain:huaxin-pack.cn', 'Huaxin Pack']]);
  });

  it('falls back to the header text when the spans lose their `e` attribute', async () => {
    const doc = await openExmail();
    const mail = mainFrame(doc).contentDocument!;
    for (const span of mail.querySelectorAll('span[e]')) span.removeAttribute('e');
    expect(qqmail.detect(doc, new URL(FRAME_HTML)).people).toEqual([
      { email: 'chen.jing@huaxin-pack.cn', name: '陈静' },
      { email: 'liu.yang@huaxin-pack.cn', name: '刘洋' },
    ]);
  });

  it('reads #mainmail when the header block is renamed, still skipping the body and quick reply', async () => {
    const doc = await openExmail();
    mainFrame(doc).contentDocument!.querySelector('.readmailinfo')!.className = 'readmailinfo_v2';
    expect(qqmail.detect(doc, new URL(FRAME_HTML)).people.map((p) => p.email)).toEqual([
      'chen.jing@huaxin-pack.cn',
      'liu.yang@huaxin-pack.cn',
      'wang.fang@sidenote-demo.com',
    ]);
  });

  it('is unrecognised when the mail shows no header it knows', async () => {
    const doc = await openExmail();
    const mail = mainFrame(doc).contentDocument!;
    mail.querySelector('.readmailinfo')!.remove();
    mail.querySelector('#mainmail')!.removeAttribute('id');
    expect(qqmail.detect(doc, new URL(FRAME_HTML))).toMatchObject({ layout: 'unrecognised', people: [], title: '腾讯企业邮箱 - 收件箱' });
  });

  it('is idle while the frame shows a list, and has no rows while it shows a mail', async () => {
    const doc = await openExmail();
    expect(qqmail.rows!(doc, new URL(FRAME_HTML)).anchors).toEqual([]);
    await navigateFrame(mainFrame(doc), LIST_SRC);
    expect(qqmail.detect(doc, new URL(FRAME_HTML))).toMatchObject({ layout: 'idle', people: [] });
  });

  it('anchors list rows by the full address in `sh`, never the user', async () => {
    const doc = await openExmail();
    const list = await navigateFrame(mainFrame(doc), LIST_SRC);
    const { anchors } = qqmail.rows!(doc, new URL(FRAME_HTML));
    expect(anchors.map((a) => [a.element.tagName, a.element.textContent, a.identity])).toEqual([
      ['NOBR', '陈静', { kind: 'email', value: 'chen.jing@huaxin-pack.cn' }],
      ['NOBR', '义乌小商品王老板（长期…', { kind: 'email', value: '88886666@qq.com' }],
      ['NOBR', '王芳', { kind: 'email', value: 'wang.fang@sidenote-demo.com' }],
    ]);
    expect(anchors.every((a) => a.element.ownerDocument === list)).toBe(true);
  });

  it('reads a mail opened at the top level (mail.qq.com/cgi-bin/readmail)', async () => {
    const url = 'https://mail.qq.com/cgi-bin/readmail?folderid=1&t=readmail&mailid=ZL3507-mHLt2WksnOwN3wFiPrNeNde&mode=pre';
    const doc = await openFixture('qqmail/exmail-readmail.html', url);
    const ctx = qqmail.detect(doc, new URL(url));
    expect(ctx.layout).toBe('recognised');
    // No #useraddr here: the user stays among the people, for customerCandidates to drop.
    expect(ctx.people.map((p) => p.email)).toEqual([
      'chen.jing@huaxin-pack.cn',
      'zhang.wei@sidenote-demo.com',
      'liu.yang@huaxin-pack.cn',
      'wang.fang@sidenote-demo.com',
    ]);
  });
});

describe('classic QQ Mail pages in their 2018 shape', () => {
  const LIST = 'https://mail.qq.com/cgi-bin/mail_list?sid=sL2C4LTRaQ9U1RdN&folderid=1&folderkey=1&page=0&s=inbox';
  const READ =
    'https://mail.qq.com/cgi-bin/readmail?folderid=1&folderkey=1&t=readmail&mailid=ZC4606-GBXLPmptx6GJ4yF7xGGoY7c&mode=pre&maxage=3600&base=11.27&ver=13079&sid=sL2C4LTRaQ9U1RdN';
  const rowsOf = (doc: Document, url = LIST) =>
    qqmail.rows!(doc, new URL(url)).anchors.map((a) => [a.element.tagName, a.element.textContent, a.identity.value]);

  it('badges each list row once, by the checkbox’s `fa`, though every row nests a second table.i; never the user', async () => {
    const doc = await openFixture('qqmail/classic-list-2018.html', LIST);
    expect(doc.querySelectorAll('div.toarea table.i')).toHaveLength(10);
    expect(rowsOf(doc)).toEqual([
      ['NOBR', '陈静', 'chen.jing@huaxin-pack.cn'],
      ['NOBR', '义乌小商品王老板（长期…', '88886666@qq.com'],
      // The mail from the user (var g_uin) gets none; the group mail shows no address.
      ['NOBR', 'QQ邮箱管理员', '10000@qq.com'],
    ]);
    expect(qqmail.rows!(doc, new URL(LIST)).unreadable).toBe(1);
  });

  it('reads the name cell’s span[e] when the checkbox carries no address', async () => {
    const doc = await openFixture('qqmail/classic-list-2018.html', LIST);
    for (const box of doc.querySelectorAll('input[name="mailid"]')) box.removeAttribute('fa');
    expect(rowsOf(doc).map((r) => r[2])).toEqual(['chen.jing@huaxin-pack.cn', '88886666@qq.com', '10000@qq.com']);
  });

  it('is a list recognised only in part when no row shows an address it can read', async () => {
    const doc = await openFixture('qqmail/classic-list-2018.html', LIST);
    for (const el of doc.querySelectorAll('[fa], [e]')) el.removeAttribute(el.hasAttribute('fa') ? 'fa' : 'e');
    const rows = qqmail.rows!(doc, new URL(LIST));
    expect(rows).toMatchObject({ anchors: [], unreadable: 5 });
    expect(withRowProblems(qqmail.detect(doc, new URL(LIST)), rows)).toMatchObject({
      layout: 'idle',
      view: 'classicList',
      missing: ['rowAddress'],
    });
  });

  it('badges the same rows inside the frame UI', async () => {
    const url = 'https://mail.qq.com/cgi-bin/frame_html?sid=sL2C4LTRaQ9U1RdN&r=5f4dcc3b5aa765d61d8327deb882cf99';
    const doc = await openFixture('qqmail/exmail-classic.html', url, { '/cgi-bin/mail_list': 'qqmail/classic-list-2018.html' });
    await navigateFrame(mainFrame(doc), '/cgi-bin/mail_list?sid=sL2C4LTRaQ9U1RdN&folderid=1');
    expect(rowsOf(doc, url).map((r) => r[2])).toEqual(['chen.jing@huaxin-pack.cn', '88886666@qq.com', '2658800417@qq.com', '10000@qq.com']);
  });

  it('reads a readmail page opened on its own: the user is the g_uin address, never a customer; the Cc after the comment is read', async () => {
    const doc = await openFixture('qqmail/readmail-alone-2018.html', READ);
    const ctx = qqmail.detect(doc, new URL(READ));
    expect(ctx).toMatchObject({
      layout: 'recognised',
      view: 'classicRead',
      missing: [],
      title: '关于 12 月纸箱订单的报价确认',
      selfEmails: ['2658800417@qq.com'],
    });
    // Not the side panel's copy of the sender, not the forwarder in the body, not the user.
    expect(ctx.people).toEqual([
      { email: 'chen.jing@huaxin-pack.cn', name: '陈静' },
      { email: 'liu.yang@huaxin-pack.cn', name: '刘洋' },
    ]);
    expect(customerCandidates(ctx, { email: 'lin.xiao@sidenote-demo.com', teamDomains: ['sidenote-demo.com'] }).map((c) => c.key)).toEqual([
      'domain:huaxin-pack.cn',
    ]);
  });

  it('says the sender was not found when the header’s sender table changed', async () => {
    const doc = await openFixture('qqmail/readmail-alone-2018.html', READ);
    const info = doc.querySelector('.readmailinfo')!;
    info.prepend(info.querySelector('table:nth-of-type(3)')!);
    doc.querySelector('[fromaddr]')!.removeAttribute('fromaddr');
    expect(qqmail.detect(doc, new URL(READ))).toMatchObject({ layout: 'recognised', missing: ['sender'] });
  });

  it('takes no QQ number for an address on Exmail, where numbers are not addresses', async () => {
    const url = READ.replace('mail.qq.com', 'exmail.qq.com');
    const doc = await openFixture('qqmail/readmail-alone-2018.html', url);
    expect(qqmail.detect(doc, new URL(url)).selfEmails).toEqual([]);
  });
});

describe('new QQ Mail (wx.mail.qq.com)', () => {
  it('reads the open mail from the visible reader, not the hidden one', async () => {
    const doc = await openFixture('qqmail/wx-new.html', WX);
    const ctx = qqmail.detect(doc, new URL(WX));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('Container booking for December / 12月订舱');
    expect(ctx.selfEmails).toEqual(['linxiao_trade@qq.com']);
    // Not the carrier in the body, not the quick reply's extra address, not the compose page.
    expect(ctx.people).toEqual([
      { email: 'hans.weber@mueller-logistik.de', name: 'Hans Weber' },
      { email: 'anna.schmidt@mueller-logistik.de', name: 'Anna Schmidt' },
    ]);
    expect(customerCandidates(ctx, { email: 'linxiao_trade@qq.com', teamDomains: [] }).map((c) => c.key)).toEqual([
      'domain:mueller-logistik.de',
    ]);
  });

  it('is idle with no mail open, unrecognised when a read route shows nothing readable', async () => {
    const doc = await openFixture('qqmail/wx-new.html', WX);
    doc.querySelector<HTMLElement>('.mail-list-reader-wrap')!.style.display = 'none';
    expect(qqmail.detect(doc, new URL(WX))).toMatchObject({ layout: 'idle', people: [] });
    const read = 'https://wx.mail.qq.com/home/index?sid=zB3xQ9vL2mK7pT4w#/read/ZC1127-HansWeber01';
    expect(qqmail.detect(doc, new URL(read))).toMatchObject({ layout: 'unrecognised', people: [] });
  });

  it('anchors visible list rows whose sender carries an address, never the user', async () => {
    const doc = await openFixture('qqmail/wx-new.html', WX);
    expect(
      qqmail.rows!(doc, new URL(WX)).anchors.map((a) => [
        a.element.closest('[data-mailid]')!.getAttribute('data-mailid'),
        a.identity.value,
      ]),
    ).toEqual([
      ['ZC1127-HansWeber01', 'hans.weber@mueller-logistik.de'],
      ['ZC1127-Zhao000002', '88886666@qq.com'],
      ['ZC1126-Zhou000005', 'zhou_export@qq.com'],
    ]);
  });
});

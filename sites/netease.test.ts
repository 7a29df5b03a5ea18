import { describe, expect, it } from 'vitest';
import { customerCandidates } from '@/model/context';
import { openFixture } from '@/tests/fixtures/open';
import { netease } from './netease';

const MAIN = 'https://mail.163.com/js6/main.jsp?sid=WAbcDeFgHiJkLmNoPqRsTuVwXyZ12345&df=mail163_letter';
const READ = `${MAIN}#module=read.ReadModule%7C%7B%22area%22%3A%22normal%22%2C%22isThread%22%3Afalse%2C%22viewType%22%3A%22%22%2C%22id%22%3A%2215%3A1tbiDwsjWlUMFjdWOQAAsq%22%2C%22fid%22%3A1%7D`;
const LIST_126 =
  'https://mail.126.com/js6/main.jsp?sid=QRsTuVwXyZ0123456789abcdefABCDEF&df=mail126_letter#module=mbox.ListModule%7C%7B%22fid%22%3A1%2C%22order%22%3A%22date%22%2C%22desc%22%3Atrue%7D';

/** The mail body as NetEase writes it into the about:blank frame (the fixture's script does the same in a browser). */
function fillBody(doc: Document): void {
  const body = doc.querySelector<HTMLIFrameElement>('iframe[id$="_frameBody"]:not([id^="1795660200311"])')!.contentDocument!.body;
  body.textContent = 'Please copy ops@pacific-forwarding.example. From: "Jorge Pena" <jorge.pena@other-importer.example>';
}

/** Makes `moduleId` the only module on screen, as switching tabs does. */
function showModule(doc: Document, moduleId: string): void {
  for (const module of doc.querySelectorAll<HTMLElement>('#dvContainer > div[id^="_dvModuleContainer_"]')) {
    module.style.display = module.id === moduleId ? '' : 'none';
  }
}

describe('netease read module', () => {
  it('reads the visible read module: sender, To and Cc, without the user', async () => {
    const doc = await openFixture('netease/163-read.html', READ);
    fillBody(doc);
    const ctx = netease.detect(doc, new URL(READ));
    expect(ctx.layout).toBe('recognised');
    expect(ctx.title).toBe('RE: LED panel order 2000 pcs / 订单确认');
    expect(ctx.selfEmails).toEqual(['xiaoming_export@163.com']);
    // Not the hidden earlier tab's 126.com buyer, not compose, not the forwarder in the body.
    expect(ctx.people).toEqual([
      { email: 'maria.gomez@andes-import.cl', name: 'Maria Gomez' },
      { email: 'carlos.ruiz@andes-import.cl', name: 'Carlos Ruiz' },
      { email: 'lihua_export@163.com', name: '李华' },
    ]);
    // On free mail the colleague shares the customer's provider: the team's addresses drop her.
    const candidates = customerCandidates(ctx, { email: 'xiaoming_export@163.com', teamDomains: [], teamEmails: ['lihua_export@163.com'] });
    expect(candidates.map((c) => c.key)).toEqual(['domain:andes-import.cl']);
  });

  it('follows the tab switch to the earlier mail', async () => {
    const doc = await openFixture('netease/163-read.html', READ);
    showModule(doc, '_dvModuleContainer_read.ReadModule_2');
    const ctx = netease.detect(doc, new URL(READ));
    expect(ctx).toMatchObject({ layout: 'recognised', title: '询价：LED 灯板 5000 片' });
    expect(ctx.people).toEqual([{ email: 'wangjianguo@126.com', name: '王建国' }]);
  });

  it('reads the header rows by their labels when the recipient ids are missing', async () => {
    const doc = await openFixture('netease/163-read.html', READ);
    for (const el of doc.querySelectorAll('[id$="_dvReadto"], [id$="_dvReadcc"]')) el.removeAttribute('id');
    expect(netease.detect(doc, new URL(READ)).people.map((p) => p.email)).toEqual([
      'maria.gomez@andes-import.cl',
      'carlos.ruiz@andes-import.cl',
      'lihua_export@163.com',
    ]);
  });

  it('is unrecognised when no read module is on screen or its header is gone', async () => {
    const doc = await openFixture('netease/163-read.html', READ);
    for (const row of doc.querySelectorAll('#_dvModuleContainer_read\\.ReadModule_3 li.fS')) row.remove();
    expect(netease.detect(doc, new URL(READ))).toMatchObject({
      layout: 'unrecognised',
      people: [],
      title: 'RE: LED panel order 2000 pcs / 订单确认',
    });
    showModule(doc, '_dvModuleContainer_mbox.ListModule_1');
    expect(netease.detect(doc, new URL(READ))).toMatchObject({ layout: 'unrecognised', people: [], title: '网易邮箱6.0版' });
  });

  it('is idle on home, list and compose routes, even with read modules in the DOM', async () => {
    const doc = await openFixture('netease/163-read.html', READ);
    for (const hash of [
      '#module=welcome.WelcomeModule%7C%7B%7D',
      '#module=mbox.ListModule%7C%7B%22fid%22%3A1%7D',
      '#module=compose.ComposeModule%7C%7B%7D',
      '#module=read.ReadModule%7C%7B%22area%22%3A%22compose%22%2C%22to%22%3A%22buyer%40new-client.example%22%7D',
    ]) {
      expect(netease.detect(doc, new URL(`${MAIN}${hash}`))).toMatchObject({ layout: 'idle', people: [] });
    }
  });

  it('reads 网易企业邮箱 on a regional host with an unencoded hash', async () => {
    const url =
      'https://hwmail.qiye.163.com/js6/main.jsp?sid=AbCd&hl=zh_CN#module=read.ReadModule|{"area":"normal","id":"AOAAwwBEIAd9blGM94AJPKok","fid":1}';
    const doc = await openFixture('netease/163-read.html', url);
    expect(netease.detect(doc, new URL(url)).people.map((p) => p.email)).toEqual([
      'maria.gomez@andes-import.cl',
      'carlos.ruiz@andes-import.cl',
      'lihua_export@163.com',
    ]);
  });
});

describe('netease list rows', () => {
  it('anchors the visible list rows by the sender title, never the user or a hidden list', async () => {
    const doc = await openFixture('netease/126-list.html', LIST_126);
    expect(netease.detect(doc, new URL(LIST_126))).toMatchObject({ layout: 'idle', people: [], selfEmails: ['sunny_trading@126.com'] });
    expect(netease.rows!(doc, new URL(LIST_126)).anchors.map((a) => [a.element.textContent, a.identity])).toEqual([
      ['Pedro Alves', { kind: 'email', value: 'pedro.alves@brasil-casa.com.br' }],
      ['王建国', { kind: 'email', value: 'wangjianguo@126.com' }],
      ['Amy', { kind: 'email', value: 'amy_trading@126.com' }],
    ]);
  });

  it('has no rows while a read tab hides the list', async () => {
    const doc = await openFixture('netease/163-read.html', READ);
    expect(netease.rows!(doc, new URL(READ)).anchors).toEqual([]);
  });
});

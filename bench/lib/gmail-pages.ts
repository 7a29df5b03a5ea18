/**
 * Gmail pages for the badge and mutation benchmarks, generated from the mailbox fixture
 * (tests/fixtures/gmail/mailbox.html): its first inbox row is the template of every row, and
 * the rest of the fixture (views, styles, the nonce'd navigation script) stays as it is.
 */
import { fixture } from '../../tests/e2e/harness';

export interface Company {
  name: string;
  domain: string;
}

export interface Sender {
  name: string;
  email: string;
  company: Company;
}

/** The 20 companies whose people write to the inbox: one customer each, found by mail domain. */
export const COMPANIES: Company[] = [
  'Northwind Traders',
  'Contoso Pallets',
  'Fabrikam Freight',
  'Tailspin Packaging',
  'Wide World Importers',
  'Adventure Works',
  'Litware Logistics',
  'Proseware Supply',
  'Woodgrove Foods',
  'Fourth Coffee',
  'Alpine Ski House',
  'Blue Yonder Cargo',
  'Coho Winery',
  'Huaxin Pack',
  'Humongous Storage',
  'Lucerne Printing',
  'Margie Travel Goods',
  'Relecloud Retail',
  'Trey Research Labs',
  'VanArsdel Plastics',
].map((name) => ({ name, domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.com` }));

const FIRST = ['Joan', 'Raj', 'Mei', 'Lars', 'Amara', 'Diego', 'Yuki', 'Olga', 'Kofi', 'Nina'];
const LAST = ['Miller', 'Patel', 'Chen', 'Berg', 'Okafor', 'Ruiz', 'Sato', 'Ivanova', 'Mensah', 'Weber'];

/** `count` senders, spread round-robin over the companies (five people each for 100 rows). */
export function inboxSenders(count: number): Sender[] {
  return Array.from({ length: count }, (_, i) => {
    const company = COMPANIES[i % COMPANIES.length]!;
    const person = Math.floor(i / COMPANIES.length);
    const first = FIRST[(i + person) % FIRST.length]!;
    const last = LAST[(i * 7 + person) % LAST.length]!;
    return { name: `${first} ${last}`, email: `${first}.${last}${person}@${company.domain}`.toLowerCase(), company };
  });
}

/** What the fixture's first row says; each is replaced per generated row. */
const TEMPLATE_ROW = {
  email: 'joan.miller@northwind-traders.com',
  name: 'Joan Miller',
  subject: 'Pallet pricing for Q3',
  legacyThreadId: '18f2a9c3d4e5f601',
  threadId: '1790000000000000001',
  rowId: ':1a',
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The fixture split around its inbox rows, and one row as a function of its sender. */
function mailboxParts(): { before: string; after: string; row: (sender: Sender, index: number) => string } {
  const html = fixture('gmail/mailbox.html');
  const tbody = /(<tbody>\s*)([\s\S]*?)(\s*<\/tbody>)/.exec(html);
  const first = tbody && /<tr class="zA[\s\S]*?<\/tr>/.exec(tbody[2]!);
  if (!tbody || !first || Object.values(TEMPLATE_ROW).some((value) => !first[0].includes(value))) {
    throw new Error(
      'tests/fixtures/gmail/mailbox.html changed: its first inbox row is no longer the template bench/lib/gmail-pages.ts expects',
    );
  }
  const template = first[0];
  const row = (sender: Sender, index: number) => {
    const thread = `18f2a9c3d4e6${index.toString(16).padStart(4, '0')}`;
    // Replacement functions: a `$` in a value must not be read as a replacement pattern.
    return template
      .replaceAll(TEMPLATE_ROW.email, () => escapeHtml(sender.email))
      .replaceAll(TEMPLATE_ROW.name, () => escapeHtml(sender.name))
      .replaceAll(TEMPLATE_ROW.subject, () => `Order ${1000 + index}: pallets for ${escapeHtml(sender.company.name)}`)
      .replaceAll(TEMPLATE_ROW.legacyThreadId, thread)
      .replaceAll(TEMPLATE_ROW.threadId, String(1790000000000001000n + BigInt(index)))
      .replaceAll(`id="${TEMPLATE_ROW.rowId}"`, `id=":r${index}"`);
  };
  const start = tbody.index + tbody[1]!.length;
  return { before: html.slice(0, start), after: html.slice(start + tbody[2]!.length), row };
}

/** `html` with `text` put just before `marker` (which must be there). */
function insertBefore(html: string, marker: string, text: string): string {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`tests/fixtures/gmail/mailbox.html changed: no ${JSON.stringify(marker)} to generate the page around`);
  return html.slice(0, at) + text + html.slice(at);
}

/** The mailbox fixture with its inbox holding one row per sender (and `extra` before </body>). */
export function inboxPage(senders: Sender[], extra = ''): string {
  const { before, after, row } = mailboxParts();
  return insertBefore(before + senders.map(row).join('\n') + after, '</body>', extra);
}

const elementsIn = (html: string) => (html.replace(/<!--[\s\S]*?-->/g, '').match(/<[a-zA-Z]/g) ?? []).length;

/** One message of a thread view, shaped like the fixture's (17 elements). */
function threadMessage(sender: Sender, view: number, index: number): string {
  const name = escapeHtml(sender.name);
  return (
    `<div role="listitem"><div class="adn ads" data-message-id="#msg-f:${view}-${index}"><div class="gE iv gt">` +
    `<h3 class="iw"><span class="qu"><span class="gD" email="${sender.email}" name="${name}">${name}</span> <span class="go">&lt;${sender.email}&gt;</span></span></h3>` +
    `<span class="g3" title="Mon, Nov 2, 2026, 10:0${index % 10} AM">Nov 2</span>` +
    `<div class="hb">to <span class="g2" email="ana.souza@sidenote-demo.com" name="Ana Souza">me</span></div></div>` +
    `<div class="ii gt"><div class="a3s aiL"><div>Thanks for the update on order ${view * 100 + index}.</div>` +
    `<div>We will confirm the delivery window by Friday.</div><div><br></div><div>Best regards, ${name}</div></div></div></div></div>`
  );
}

/**
 * A large Gmail page of about `elements` elements: the inbox of `senders`, a long label list
 * and a contact panel (visible), and the thread views Gmail keeps hidden after earlier
 * navigation (most of the nodes). `script` (page script, nonce'd like the fixture's) is added.
 */
export function largeMailboxPage(senders: Sender[], elements: number, script: string): string {
  const labels = Array.from(
    { length: 200 },
    (_, i) =>
      `<div class="aim"><div class="TO"><div class="TN"><span class="nU"><a href="#label/L${i}">Label ${i}</a></span><span class="bsU">${i % 17}</span></div></div></div>`,
  ).join('');
  const contacts = Array.from({ length: 250 }, (_, i) => {
    const s = senders[i % senders.length]!;
    return `<div class="Xx"><div class="Xy"><img alt="" width="16" height="16"><span class="Xz" email="${s.email}">${escapeHtml(s.name)}</span><span class="Xw">online</span></div></div>`;
  }).join('');
  // The script goes in last: its source must not count as elements.
  const SCRIPT = '/*bench script*/';
  let base = inboxPage(senders, `<div class="bq9" role="complementary">${contacts}</div>\n<script nonce="fixture">${SCRIPT}</script>\n`);
  base = insertBefore(base, '</div>\n      <div class="aeF">', labels);
  const views: string[] = [];
  let count = elementsIn(base);
  for (let view = 0; count < elements; view++) {
    const messages: string[] = [];
    count += 4;
    for (let i = 0; i < 20 && count + 17 <= elements; i++, count += 17)
      messages.push(threadMessage(senders[(view * 20 + i) % senders.length]!, view, i));
    // The last view makes up the count with empty spans.
    if (count + 17 > elements) messages.push('<span></span>'.repeat(Math.max(0, elements - count)));
    views.push(
      `<div class="nH" data-route="hidden${view}" style="display: none"><div class="ha"><h2 class="hP">Order ${view}</h2></div><div role="list">${messages.join('')}</div></div>`,
    );
    if (count + 17 > elements) break;
  }
  return insertBefore(base, '<!-- A thread Gmail keeps hidden', `${views.join('\n')}\n        `).replace(SCRIPT, () => script);
}

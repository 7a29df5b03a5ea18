import type { Runtime } from 'webextension-polyfill';
import { beforeEach, describe, expect, it } from 'vitest';
import { PageContext } from '@/model/context';
import { parseSelectors } from '@/content/selectors';
import { SidenoteDB } from './db';
import { adapterUpkeep } from './page-adapters';
import { RecognitionCounter } from './recognition';
import { SiteSelectorSync } from './site-selectors';

let db: SidenoteDB;
let sent: unknown[];
const port = { postMessage: (m: unknown) => sent.push(m) } as unknown as Runtime.Port;
beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  sent = [];
});

const context = (site: string) =>
  PageContext.parse({ site, url: 'https://outlook.office.com/mail/', title: 'Mail', people: [], layout: 'idle' });

describe('a page’s adapter upkeep', () => {
  it('hands the page its site’s selectors once it names its site, again when the team publishes, in a shape the content script accepts', async () => {
    const selectors = new SiteSelectorSync(db, async () => null);
    const upkeep = adapterUpkeep(port, selectors, new RecognitionCounter(db, async () => null));
    upkeep.context('view-1', context('outlook'));
    upkeep.context('view-1', context('outlook'));
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toEqual({ type: 'selectors', site: 'outlook', selectors: {} });

    selectors.file.set({ sites: { outlook: { readingPane: ['#x'] }, gmail: { main: ['#y'] } } });
    await expect.poll(() => sent.length).toBe(2);
    expect(parseSelectors(sent[1])).toEqual({ type: 'selectors', site: 'outlook', selectors: { readingPane: ['#x'] } });

    upkeep.close(['view-1']);
    selectors.file.set(null);
    expect(sent).toHaveLength(2);
  });

  it('the content script refuses anything else', () => {
    for (const raw of [
      null,
      { type: 'badges' },
      { type: 'selectors', site: 'x', selectors: { a: '#x' } },
      { type: 'selectors', site: 1, selectors: {} },
    ])
      expect(parseSelectors(raw)).toBeNull();
  });
});

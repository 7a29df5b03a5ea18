import type { Runtime } from 'webextension-polyfill';
import { describe, expect, it } from 'vitest';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';

/** A content script's Port as the background sees it: what is posted to it is kept. */
function fakePort() {
  const sent: unknown[] = [];
  return { port: { postMessage: (m: unknown) => sent.push(m) } as unknown as Runtime.Port, sent };
}

const context = {
  site: 'gmail',
  url: 'https://mail.google.com/',
  title: 'Inbox',
  people: [],
  selfEmails: [],
  companies: [],
  phones: [],
  crm: null,
  view: '',
  missing: [],
};

describe('sidebar commands', () => {
  it('toggles the sidebars of the tab the keyboard command was pressed in, and closes one view on Esc', () => {
    const state = new BackgroundState(new SidenoteDB(`context-${crypto.randomUUID()}`));
    const [gmail, outlook] = [fakePort(), fakePort()];
    state.pagePorts.set('view-gmail', gmail.port);
    state.setContext({ type: 'context', viewId: 'view-gmail', context: { ...context, layout: 'recognised' } }, 7);
    state.pagePorts.set('view-outlook', outlook.port);
    state.setContext({ type: 'context', viewId: 'view-outlook', context: { ...context, layout: 'idle' } }, 8);

    state.commandSidebar({ tabId: 7 }, 'toggle');
    state.commandSidebar({ viewId: 'view-outlook' }, 'close');
    state.commandSidebar({ tabId: 99 }, 'toggle');
    expect(gmail.sent).toEqual([{ type: 'sidebar', action: 'toggle' }]);
    expect(outlook.sent).toEqual([{ type: 'sidebar', action: 'close' }]);

    // A page that went away is forgotten with its Port.
    state.forgetContexts(['view-gmail']);
    state.commandSidebar({ tabId: 7 }, 'toggle');
    expect(gmail.sent).toHaveLength(1);
  });
});

// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readPopupSnapshot, renewSnapshotOwner, type PopupSnapshot } from '@/client/popup-snapshot';
import { PopupScreenKeeper, screenMarkup, showKeptScreen } from './popup-snapshot';

const ana = { memberId: 'ana', teamId: 't1' };
const owner = { nonce: 'n1', ...ana };
const kept = (html: string): PopupSnapshot => ({ owner, html, day: '2026-12-04', lang: 'zh-CN' });

let app: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '<div id="app"></div>';
  app = document.getElementById('app')!;
});

/** A live popup's first screen, as Preact would have rendered it. */
function liveScreen(): HTMLElement {
  app.innerHTML =
    '<main class="popup" data-testid="popup"><ul><li data-testid="overdue-item">Call &lt;Northwind&gt; back</li></ul><button data-testid="tab-team">Team</button></main>';
  return app.querySelector('main')!;
}

describe('the popup page’s kept screen', () => {
  it('is a copy of the live screen with its test ids moved aside, the live one untouched', () => {
    const root = liveScreen();
    const copy = document.createElement('div');
    copy.innerHTML = screenMarkup(root);
    expect(copy.querySelectorAll('[data-testid]')).toHaveLength(0);
    expect([...copy.querySelectorAll('[data-snapshot-testid]')].map((el) => el.getAttribute('data-snapshot-testid'))).toEqual([
      'popup',
      'overdue-item',
      'tab-team',
    ]);
    expect(copy.textContent).toBe('Call <Northwind> backTeam');
    expect(app.querySelectorAll('[data-testid]')).toHaveLength(3);
  });

  it('shows inert before the hidden live popup, and goes when the live popup renders', () => {
    showKeptScreen(app, kept('<main class="popup">Call Northwind back</main>'));
    const holder = document.querySelector('.popup-snapshot')!;
    expect(holder.nextElementSibling).toBe(app);
    expect(holder.hasAttribute('inert')).toBe(true);
    expect(holder.textContent).toBe('Call Northwind back');
    expect(app.hidden).toBe(true);
    expect(document.documentElement.lang).toBe('zh-CN');

    new PopupScreenKeeper(app, fakeBrowser.storage.session).rendered(liveScreen(), null);
    expect(document.querySelector('.popup-snapshot')).toBeNull();
    expect(app.hidden).toBe(false);
  });

  it('is not shown once the live popup has rendered (its code loaded before the kept screen was read)', () => {
    new PopupScreenKeeper(app, fakeBrowser.storage.session).rendered(liveScreen(), null);
    showKeptScreen(app, kept('<main>old</main>'));
    expect(document.querySelector('.popup-snapshot')).toBeNull();
    expect(app.hidden).toBe(false);
  });

  it('keeps the live first screen at once, later ones after renders settle, and none for a screen not to keep', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await renewSnapshotOwner(fakeBrowser.storage.session, { member: { id: 'ana' }, team: { id: 't1' } });
      const keeper = new PopupScreenKeeper(app, fakeBrowser.storage.session);
      keeper.rendered(liveScreen(), ana);
      await vi.advanceTimersByTimeAsync(0);
      expect((await readPopupSnapshot(fakeBrowser.storage.session, new Date()))?.html).toContain('data-snapshot-testid="overdue-item"');

      // The Team tab: not the first screen, and a keep still waiting is dropped.
      app.querySelector('li')!.textContent = 'Send the price list';
      keeper.rendered(app.querySelector('main'), ana);
      keeper.rendered(app.querySelector('main'), null);
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await readPopupSnapshot(fakeBrowser.storage.session, new Date()))?.html).toContain('Call &lt;Northwind&gt; back');

      keeper.rendered(app.querySelector('main'), ana);
      await vi.advanceTimersByTimeAsync(100);
      expect((await readPopupSnapshot(fakeBrowser.storage.session, new Date()))?.html).toContain('Call &lt;Northwind&gt; back');
      await vi.advanceTimersByTimeAsync(150);
      expect((await readPopupSnapshot(fakeBrowser.storage.session, new Date()))?.html).toContain('Send the price list');
    } finally {
      vi.useRealTimers();
    }
  });
});

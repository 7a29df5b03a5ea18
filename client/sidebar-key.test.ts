import { describe, expect, it } from 'vitest';
import { SIDEBAR_KEY_MESSAGE } from './ports';
import { receiveSidebarView } from './sidebar-key';

/** A frame's window: messages come from its parent (the host page and our content script alike). */
function fakeFrame() {
  const target = new EventTarget();
  const parent = {};
  const win = Object.assign(target, { parent }) as unknown as Window;
  const post = (data: unknown, source: unknown = parent) => target.dispatchEvent(Object.assign(new Event('message'), { data, source }));
  return { win, post };
}

describe('the sidebar frame’s page view', () => {
  it('is the first key the background confirms; forged, malformed and later keys change nothing', async () => {
    const real = crypto.randomUUID();
    const asked: string[] = [];
    const api = {
      request: async (_name: 'openView', { viewId }: { viewId: string }) => {
        asked.push(viewId);
        if (viewId !== real) throw new Error('forbidden');
        return true;
      },
    } as never;
    const { win, post } = fakeFrame();
    const view = receiveSidebarView(api, win);
    const forged = crypto.randomUUID();
    post({ type: SIDEBAR_KEY_MESSAGE, viewId: forged });
    post({ type: SIDEBAR_KEY_MESSAGE, viewId: 'x'.repeat(5000) });
    post({ type: SIDEBAR_KEY_MESSAGE, viewId: real, extra: 1 });
    post({ type: 'request', id: 1, name: 'leave', args: {} });
    post({ type: SIDEBAR_KEY_MESSAGE, viewId: crypto.randomUUID() }, {});
    post({ type: SIDEBAR_KEY_MESSAGE, viewId: real });
    expect(await view).toBe(real);
    post({ type: SIDEBAR_KEY_MESSAGE, viewId: crypto.randomUUID() });
    await new Promise((r) => setTimeout(r, 10));
    // Only well-formed keys from the parent were asked about, and none after the real one won.
    expect(asked).toEqual([forged, real]);
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { forwardedAddress } from './client-address';

const app = new Hono().get('/', (c) => c.text(forwardedAddress(c)));

describe('forwardedAddress', () => {
  it('takes the address the proxy appended last, never what the client claimed before it', async () => {
    const res = await app.request('/', { headers: { 'X-Forwarded-For': '10.9.9.9, 203.0.113.7' } });
    expect(await res.text()).toBe('203.0.113.7');
  });

  it('falls back to the TCP peer without the header', async () => {
    expect(await (await app.request('/')).text()).toBe('unknown');
  });
});

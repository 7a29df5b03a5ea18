import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

describe('hardening', () => {
  it('answers a person who opens the server or an invite link with a page in English and Chinese, not a JSON 404', async () => {
    for (const path of ['/', '/join']) {
      const res = await server.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('invite link');
      expect(html).toContain('邀请链接');
      expect(html).not.toMatch(/<script/i);
    }
  });

  it('sends security headers on every answer', async () => {
    for (const path of ['/', '/v1/health', '/v1/nowhere']) {
      const res = await server.app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('allows cross-origin calls from extension pages only', async () => {
    const preflight = (origin: string) =>
      server.app.request('/v1/pull', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } });
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://1234-abcd']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://evil.example', 'https://mail.google.com', 'null', 'chrome-extension://x.evil.example']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

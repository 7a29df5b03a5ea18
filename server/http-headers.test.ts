import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './index';

// Over real HTTP the headers take another path than in-process (`app.request`): onto Node's response.
describe('answers over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-headers-'));
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: join(dir, 'sidenote.db'), logLevel: 'silent' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carry the security headers, on success and on error', async () => {
    for (const path of ['/v1/health', '/v1/pull', '/v1/nothing-here']) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const page = await fetch(server.url + '/');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('allow an extension’s origin, and answer its preflight', async () => {
    const origin = 'moz-extension://0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    const res = await fetch(server.url + '/v1/health', { headers: { Origin: origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    const preflight = await fetch(server.url + '/v1/push', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    const other = await fetch(server.url + '/v1/health', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

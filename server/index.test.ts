import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startServer } from './index';
import { testDatabaseUrl } from './testing';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8787 and ./data/sidenote.db', () => {
    expect(loadConfig({})).toEqual({ port: 8787, host: '127.0.0.1', databaseUrl: './data/sidenote.db' });
    expect(loadConfig({ PORT: '', HOST: '', DATABASE_URL: '' })).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: './data/sidenote.db',
    });
  });

  it('reads PORT, HOST and DATABASE_URL, and names a bad one', () => {
    expect(loadConfig({ PORT: '9000', HOST: '0.0.0.0', DATABASE_URL: '/tmp/x.db' })).toEqual({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: '/tmp/x.db',
    });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/^Invalid PORT/);
  });
});

describe('startServer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, serves over HTTP and closes', async () => {
    const databaseUrl = await testDatabaseUrl({ sqlitePath: join(dir, 'sidenote.db'), migrated: false });
    const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl });
    try {
      expect(server.port).toBeGreaterThan(0);
      const res = await fetch(`${server.url}/v1/health`);
      expect(await res.json()).toEqual({ ok: true });
      const join = await fetch(`${server.url}/v1/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"inviteCode": "SN-0000-0000-0000", "name": "X", "email": "x@y.com"}',
      });
      expect(join.status).toBe(400);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/v1/health`)).rejects.toThrow();
  });

  it('does not start when PostgreSQL cannot be reached, and says why', async () => {
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => done(port));
      });
    });
    await expect(startServer({ port: 0, host: '127.0.0.1', databaseUrl: `postgres://u:p@127.0.0.1:${port}/sidenote` })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

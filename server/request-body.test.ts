import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SELECTOR_FILE_BYTES } from '../model/selectors';
import { MAX_BODY_BYTES } from './app';
import { startServer, type RunningServer } from './index';
import { expectError, teamWithTwoMembers, testServer, type TestServer } from './testing';

// Over real HTTP a body is read straight from Node's request stream, not through a Web Request
// as in-process (`app.request`): the limits and the UTF-8 checks hold on that path too.
describe('request bodies over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-body-'));
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: join(dir, 'sidenote.db'), logLevel: 'silent' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: BodyInit, init: RequestInit = {}) =>
    fetch(`${server.url}/v1/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, ...init });

  it('hands the parsed body to the route', async () => {
    // The route's own validation names the field, so the body reached it.
    const missing = await expectError(await post(JSON.stringify({ inviteCode: 'X'.repeat(12) })), 400, 'invalid_request');
    expect(missing.message).toMatch(/^name: /);
    // Split across several chunks, as a slow client sends it.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of ['{"inviteCode":', '"XXXXXXXXXXXX",', '"email":"a@b.test"}']) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const split = await expectError(await post(chunked, { duplex: 'half' } as RequestInit), 400, 'invalid_request');
    expect(split.message).toMatch(/^name: /);
  });

  it('refuses a body over 1 MiB, declared or streamed, with 413', async () => {
    await expectError(await post('x'.repeat(MAX_BODY_BYTES + 1)), 413, 'payload_too_large');
    const big = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES + big.length) return controller.close();
        sent += big.length;
        controller.enqueue(big);
      },
    });
    const res = await post(stream, { duplex: 'half' } as RequestInit);
    await expectError(res, 413, 'payload_too_large');
    // The server is still there for the next request.
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });

  it('refuses bytes that are not UTF-8 and escaped lone surrogates with 400', async () => {
    await expectError(await post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, 'invalid_request');
    const lone = await expectError(await post('{"inviteCode":"\\ud800","name":"a","email":"a@b.test"}'), 400, 'invalid_request');
    expect(lone.message).toMatch(/UTF-8/);
  });

  it('survives a body cut off before its declared length', async () => {
    const { port } = new URL(server.url);
    await new Promise<void>((done, fail) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.end('POST /v1/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"inviteCode"');
      });
      socket.on('error', fail);
      socket.on('close', () => done());
      socket.resume();
    });
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });
});

describe('a route with a smaller limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(() => server.close());

  it('refuses a selector file over its limit with 413, under the 1 MiB of every body', async () => {
    const { admin } = await teamWithTwoMembers(server);
    const file = { version: 1, sites: { gmail: { padding: 'x'.repeat(MAX_SELECTOR_FILE_BYTES) } } };
    const res = await server.app.request('/v1/selectors', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` },
      body: JSON.stringify(file),
    });
    const error = await expectError(res, 413, 'payload_too_large');
    expect(error.message).toMatch(/selector file/);
    // A small one gets past the limit to the file's own validation.
    await expectError(
      await server.app.request('/v1/selectors', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` },
        body: JSON.stringify({ nonsense: true }),
      }),
      400,
      'invalid_request',
    );
  });
});

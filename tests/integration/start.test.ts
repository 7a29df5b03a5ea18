import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, freePort, ROOT } from '../e2e/harness';

/** Whether any process of the group led by `pid` is still there. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// `npm start` as a person (Ctrl+C) or a service manager (SIGTERM to the main process) stops it:
// the signal goes to npm alone, and every process under it must end, the port with them.
describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops itself and its children on ${signal}`, async () => {
      const port = await freePort();
      const databaseUrl = join(mkdtempSync(join(tmpdir(), 'sidenote-start-')), 'sidenote.db');
      const proc = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
      const exited = once(proc, 'exit');
      try {
        await eventually(
          async () => output,
          (o) => o.includes('Admin invite code:'),
          'the first start’s invite code',
          90_000,
        );
        expect((await fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(200);

        process.kill(proc.pid!, signal);
        await Promise.race([exited, new Promise((_, fail) => setTimeout(() => fail(new Error(`still running:\n${output}`)), 15_000))]);
        await eventually(
          async () => groupAlive(proc.pid!),
          (alive) => !alive,
          'every process of npm start to end',
          5_000,
        );
        await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
        expect(output).toMatch(/"msg":"server stopped"/);
      } finally {
        if (groupAlive(proc.pid!)) process.kill(-proc.pid!, 'SIGKILL');
      }
    });
  }
});

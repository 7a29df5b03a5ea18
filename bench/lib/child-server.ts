/**
 * Servers in child processes, so that the load generator never shares their event loop:
 * the product's own `npm run server`, or the bare Hono app beside it for comparison.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, ROOT } from '../../tests/e2e/harness';
import type { Resources } from './resources';

export interface ChildServer {
  url: string;
  port: number;
  /** Its process group (the pid of the process started). */
  pid: number;
  /** Stops it now (SIGTERM, then SIGKILL after 5 s) rather than when the benchmark ends. */
  stop(): Promise<void>;
}

/**
 * Starts `command` in its own process group on a free loopback port (`PORT`), waits until
 * `readyPath` answers 200, and has `resources` stop it (SIGTERM, then SIGKILL after 5 s).
 */
export async function startChildServer(
  resources: Resources,
  { command, args, env = {}, readyPath }: { command: string; args: string[]; env?: Record<string, string>; readyPath: string },
): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  // Only the tail, for an error message: the server logs a line per request, megabytes in a run.
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-16_384));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup('SIGTERM');
    const killer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  resources.deferWithExitGuard(`stop ${command} ${args.join(' ')}`, stop, () => signalGroup('SIGKILL'));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited: ${output}`);
    const ready = await fetch(url + readyPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, port, pid, stop };
    if (Date.now() > deadline) throw new Error(`${command} ${args.join(' ')} never answered ${readyPath}: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The product's server (`npm run server`) on the SQLite file `databaseUrl`. */
export function startSidenoteServer(resources: Resources, databaseUrl: string): Promise<ChildServer> {
  return startChildServer(resources, {
    command: 'npm',
    args: ['run', '--silent', 'server'],
    // Benchmarks join hundreds of simulated members from one address.
    env: { DATABASE_URL: databaseUrl, RATE_LIMIT: 'off' },
    readyPath: '/v1/health',
  });
}

/** The bare Hono app of bench/bare-hono.ts, run the same way (tsx, @hono/node-server). */
export function startBareHono(resources: Resources): Promise<ChildServer> {
  return startChildServer(resources, {
    command: join(ROOT, 'node_modules', '.bin', 'tsx'),
    args: ['bench/bare-hono.ts'],
    readyPath: '/',
  });
}

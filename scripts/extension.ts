/** The built extension and whether it is older than its sources: shared by `npm start` and the benchmarks. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
/** What the extension is built from. */
const SOURCES = ['entrypoints', 'components', 'client', 'content', 'sites', 'model', 'public', 'wxt.config.ts', 'package.json'];

/** The newest modification time under `path` (a file or a folder). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when .output/chrome-mv3 is missing or older than any of its sources. */
export function extensionIsStale(): boolean {
  const manifest = join(EXTENSION_DIR, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  return built <= Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
}

/**
 * Builds the extension (`npx wxt build`) in a process group of its own; rejects with the
 * build's own output when it fails. Aborting `signal` stops the whole build (npx, wxt and the
 * bundlers it starts) at once.
 */
export async function buildExtension(signal?: AbortSignal): Promise<void> {
  const child = spawn('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const stopGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // It has ended already.
    }
  };
  signal?.addEventListener('abort', stopGroup, { once: true });
  const timer = setTimeout(stopGroup, 180_000);
  try {
    const [code, killedBy] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    signal?.throwIfAborted();
    if (code !== 0) throw new Error(`the extension did not build (${killedBy ?? `exit code ${code}`}):\n${output}`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stopGroup);
  }
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`the build wrote no ${EXTENSION_DIR}/manifest.json`);
}

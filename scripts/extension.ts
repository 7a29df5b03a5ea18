/** The built extension and whether it is older than its sources: shared by `npm start` and the benchmarks. */
import { execFileSync } from 'node:child_process';
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

/** Builds the extension (`npx wxt build`); throws with the build's own output when it fails. */
export function buildExtension(): void {
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 180_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the extension did not build:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`the build wrote no ${EXTENSION_DIR}/manifest.json`);
}

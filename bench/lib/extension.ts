import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION, ROOT } from '../../tests/e2e/harness';

/** What the extension is built from (as `npm start` decides staleness). */
const SOURCES = ['entrypoints', 'components', 'client', 'content', 'sites', 'model', 'public', 'wxt.config.ts', 'package.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds the extension into .output/chrome-mv3 (`npx wxt build`) when it is missing or older
 * than its sources, so the benchmarks measure the code as it is. Throws with the build's output.
 */
export function ensureExtensionBuilt(): void {
  const manifest = join(EXTENSION, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map((s) => newest(join(ROOT, s))))) return;
  console.log('bench: building the extension (npx wxt build)…');
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 180_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the extension did not build:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
  if (!existsSync(manifest)) throw new Error(`the build wrote no ${manifest}`);
}

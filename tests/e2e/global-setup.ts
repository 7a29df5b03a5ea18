import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the extension once for the whole end-to-end run: the tests load what users load. */
export default function setup(): void {
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync('.output/chrome-mv3/manifest.json')) throw new Error('the extension did not build');
  const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chrome)) throw new Error(`Chromium is not at ${chrome}: apt-get install -y chromium (or set CHROME_PATH)`);
}

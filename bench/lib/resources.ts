/**
 * What a benchmark started or made (server processes, browsers, temp dirs), released in
 * reverse order when it ends, fails or is interrupted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Last-resort cleanups, run synchronously if the process exits without releasing its resources. */
const atExit = new Set<() => void>();
process.on('exit', () => {
  for (const cleanup of atExit) {
    try {
      cleanup();
    } catch {
      // Exiting anyway: nothing more to do.
    }
  }
});

export class Resources {
  private releases: { what: string; release: () => Promise<void> | void }[] = [];

  /** Registers `release` to run at the end (last registered, first run). */
  defer(what: string, release: () => Promise<void> | void): void {
    this.releases.push({ what, release });
  }

  /** Also runs `cleanup` (synchronous) if the process exits before the release. */
  deferWithExitGuard(what: string, release: () => Promise<void> | void, cleanup: () => void): void {
    atExit.add(cleanup);
    this.defer(what, async () => {
      await release();
      atExit.delete(cleanup);
    });
  }

  /** A fresh temp directory under `parent` (the OS temp dir by default), removed at the end. */
  tempDir(prefix: string, parent = tmpdir()): string {
    const dir = mkdtempSync(join(parent, prefix));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    this.deferWithExitGuard(`remove ${dir}`, remove, remove);
    return dir;
  }

  /** Releases everything; a failing release is reported and the rest still run. */
  async releaseAll(): Promise<void> {
    for (const { what, release } of this.releases.splice(0).reverse()) {
      try {
        await release();
      } catch (error) {
        console.error(`bench: could not ${what}: ${(error as Error).message}`);
      }
    }
  }
}

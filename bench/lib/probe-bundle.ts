import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../tests/e2e/harness';

/**
 * A probe (a module of bench/lib that imports the product's own client modules) bundled into
 * one script to evaluate in an extension page.
 */
export async function probeSource(file: string): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, file)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
    // Extension pages may not compile code at run time (CSP): zod must parse without its JIT,
    // which it decides when each schema is built, so before any module of the bundle runs.
    banner: { js: 'globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });' },
  });
  return result.outputFiles[0]!.text;
}

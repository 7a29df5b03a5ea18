import { buildExtension, extensionIsStale } from '../../scripts/extension';

/**
 * Builds the extension into .output/chrome-mv3 (`npx wxt build`) when it is missing or older
 * than its sources (the same rule as `npm start`), so the benchmarks measure the code as it is.
 */
export async function ensureExtensionBuilt(): Promise<void> {
  if (!extensionIsStale()) return;
  console.log('bench: building the extension (npx wxt build)…');
  await buildExtension();
}

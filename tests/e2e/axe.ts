import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility rule broken, and where. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page (or in a frame, such as the sidebar) as it is now. axe is evaluated through
 * the DevTools protocol, which an extension page's CSP (no inline scripts) does not stop.
 */
export async function seriousViolations(page: Page | Frame): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document): Promise<{ violations: AxeResult[]; passes: unknown[] }> } }).axe;
    interface AxeResult {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }
    const { violations, passes } = await axe.run(document);
    // A run that checked nothing would pass anything.
    if (passes.length === 0) throw new Error('axe-core checked no rule on this page');
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

import type { SelectorsMessage } from '@/client/api';

/**
 * Checks the background's selector message by hand (no zod in content scripts): anything else is
 * null. The selectors themselves are checked again by the adapter's table (sites/selectors.ts),
 * which drops the ones this browser cannot parse.
 */
export function parseSelectors(raw: unknown): SelectorsMessage | null {
  const m = raw as SelectorsMessage;
  if (!m || m.type !== 'selectors' || typeof m.site !== 'string' || !m.selectors || typeof m.selectors !== 'object') return null;
  const lists = Object.values(m.selectors as Record<string, unknown>);
  return lists.every((list) => Array.isArray(list) && list.every((s) => typeof s === 'string')) ? m : null;
}

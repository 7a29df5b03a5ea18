import type { PageContext } from '@/model/context';
import type { ListRows } from './types';

/**
 * A list whose rows show no address (or record) the adapter can read is recognised only in part:
 * its rows were found, what identifies them was not. Some unreadable rows among readable ones are
 * normal (a group mail, a sender who shows only a name).
 */
export function withRowProblems(context: PageContext, rows: ListRows | undefined): PageContext {
  if (!rows || rows.anchors.length || !rows.unreadable || context.missing.includes('rowAddress')) return context;
  return { ...context, missing: [...context.missing, 'rowAddress'] };
}

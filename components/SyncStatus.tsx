import type { SyncView } from '@/client/api';
import { errorText, t } from './i18n';

/** One short word (Synced, 3 pending, Offline, Sync failed); the details are in its tooltip. */
export function SyncStatus({ sync }: { sync: SyncView }) {
  const error = sync.state === 'error' ? errorText(sync.code ?? '', sync.message ?? '') : '';
  const [text, title] = (() => {
    switch (sync.state) {
      case 'signed-out':
        return [t('sync.signedOut'), ''];
      case 'offline':
        return [t('sync.offline'), t('sync.offlineTitle', { count: sync.pending })];
      case 'error':
        return [t('sync.failed'), error];
      case 'syncing':
        if (sync.progress)
          return [t('sync.progress', { done: sync.progress.done.toLocaleString(), total: sync.progress.total.toLocaleString() }), ''];
        return sync.pending
          ? [t('sync.pending', { count: sync.pending }), t('sync.pendingTitle', { count: sync.pending })]
          : [t('sync.syncing'), ''];
      default:
        return sync.pending
          ? [t('sync.pending', { count: sync.pending }), t('sync.pendingTitle', { count: sync.pending })]
          : [t('sync.synced'), ''];
    }
  })();
  const state = sync.state === 'synced' && sync.pending ? 'pending' : sync.state;
  return (
    <span class="sync" data-testid="sync-status" data-state={state} data-pending={sync.pending} role="status" title={title || undefined}>
      {text}
      {sync.state === 'syncing' && sync.progress && (
        <progress data-testid="sync-progress" max={sync.progress.total} value={sync.progress.done} aria-label={text} />
      )}
    </span>
  );
}

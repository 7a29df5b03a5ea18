import type { SyncView } from '@/client/api';
import { errorText, t } from './i18n';

/** Synced, N pending, offline, or the error in words. */
export function SyncStatus({ sync }: { sync: SyncView }) {
  const text = (() => {
    switch (sync.state) {
      case 'signed-out':
        return t('sync.signedOut');
      case 'offline':
        return t('sync.offline', { count: sync.pending });
      case 'error':
        return t('sync.error', { message: errorText(sync.code ?? '', sync.message ?? '') });
      case 'syncing':
        if (sync.progress)
          return t('sync.progress', { done: sync.progress.done.toLocaleString(), total: sync.progress.total.toLocaleString() });
        return sync.pending ? t('sync.pending', { count: sync.pending }) : t('sync.syncing');
      default:
        return sync.pending ? t('sync.pending', { count: sync.pending }) : t('sync.synced');
    }
  })();
  const state = sync.state === 'synced' && sync.pending ? 'pending' : sync.state;
  return (
    <span class="sync" data-testid="sync-status" data-state={state} role="status" title={sync.message ?? undefined}>
      {text}
      {sync.state === 'syncing' && sync.progress && (
        <progress data-testid="sync-progress" max={sync.progress.total} value={sync.progress.done} aria-label={text} />
      )}
    </span>
  );
}

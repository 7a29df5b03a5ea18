import type { NoteSource } from '@/model/schemas';
import { safeHref } from '@/model/note-doc';
import { siteName, t } from './i18n';

/**
 * Where a note was written — the site and the page's title (a mail's subject) — as a link back
 * to that page, opened in a new tab. A page address that is not http(s) stays text.
 */
export function WrittenAt({ source }: { source: NoteSource }) {
  const href = safeHref(source.url);
  const web = href !== null && /^https?:/.test(href);
  const site = source.site === 'generic' && web ? new URL(href).hostname : siteName(source.site);
  const label = source.title ? `${t('notes.from', { site })}: ${source.title}` : t('notes.from', { site });
  if (!web) {
    return (
      <span class="source" title={source.title}>
        {label}
      </span>
    );
  }
  return (
    <a
      class="source"
      data-testid="note-source"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      title={t('notes.openSource', { title: source.title || href })}
    >
      {label}
    </a>
  );
}

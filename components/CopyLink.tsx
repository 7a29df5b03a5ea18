import { useState } from 'preact/hooks';
import { t } from './i18n';

/** A link to hand to someone: shown whole and selectable, with a Copy button. */
export function CopyLink({ link, testid }: { link: string; testid: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="row copy-link">
      <input type="text" readOnly value={link} data-testid={testid} onFocus={(e) => e.currentTarget.select()} aria-label={link} />
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard.writeText(link).then(() => setCopied(true));
        }}
      >
        {copied ? t('devices.copied') : t('devices.copy')}
      </button>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { Prefs } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { errorText, t } from './i18n';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** This device's reminder settings: the daily digest's hour and quiet hours. */
export function Preferences({ api, prefs }: { api: ApiClient; prefs: Prefs }) {
  const [draft, setDraft] = useState(prefs);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setDraft(prefs), [prefs]);
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.request('setPrefs', draft);
          setStatus(t('prefs.saved'));
        } catch (err) {
          const { code = '', message = String(err) } = err as { code?: string; message?: string };
          setStatus(errorText(code, message));
        }
      }}
    >
      <h2>{t('prefs.title')}</h2>
      <label for="digest-hour">{t('prefs.digestHour')}</label>
      <select
        id="digest-hour"
        data-testid="digest-hour"
        value={draft.digestHour === null ? '' : String(draft.digestHour)}
        onChange={(e) => setDraft({ ...draft, digestHour: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
      >
        <option value="">{t('prefs.noDigest')}</option>
        {HOURS.map((h) => (
          <option key={h} value={String(h)}>
            {hourLabel(h)}
          </option>
        ))}
      </select>
      <label class="row" style={{ fontWeight: 600 }}>
        <input
          type="checkbox"
          style={{ width: 'auto' }}
          data-testid="quiet-enabled"
          checked={draft.quiet !== null}
          onChange={(e) => setDraft({ ...draft, quiet: e.currentTarget.checked ? { startHour: 20, endHour: 8 } : null })}
        />
        {t('prefs.quiet')}
      </label>
      {draft.quiet && (
        <div class="row">
          {t('prefs.quietFrom')}
          {(['startHour', 'endHour'] as const).map((edge, i) => (
            <>
              {i === 1 && t('prefs.quietTo')}
              <select
                key={edge}
                data-testid={`quiet-${edge}`}
                value={String(draft.quiet![edge])}
                onChange={(e) => setDraft({ ...draft, quiet: { ...draft.quiet!, [edge]: Number(e.currentTarget.value) } })}
              >
                {HOURS.map((h) => (
                  <option key={h} value={String(h)}>
                    {hourLabel(h)}
                  </option>
                ))}
              </select>
            </>
          ))}
        </div>
      )}
      <p>
        <button type="submit" class="primary" data-testid="prefs-save">
          {t('prefs.save')}
        </button>{' '}
        {status && <span role="status">{status}</span>}
      </p>
    </form>
  );
}

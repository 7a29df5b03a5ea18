import type { WeekRow } from '@/client/api';
import { t } from './i18n';
import type { MessageKey } from './messages';

const PARTS: { key: 'doneOnTime' | 'doneLate' | 'missed' | 'open'; label: MessageKey }[] = [
  { key: 'doneOnTime', label: 'popup.doneOnTime' },
  { key: 'doneLate', label: 'popup.doneLate' },
  { key: 'missed', label: 'popup.missed' },
  { key: 'open', label: 'popup.openCount' },
];

/**
 * This week per person as a table: each count under its labelled column, and beside the name a
 * bar of the same four parts (for the eye only: the numbers say it all). It wraps rather than clips.
 */
export function WeekChart({ rows }: { rows: WeekRow[] }) {
  if (rows.length === 0) return <p class="muted">{t('popup.noWork')}</p>;
  const total = (row: WeekRow) => PARTS.reduce((n, p) => n + row[p.key], 0);
  const max = Math.max(1, ...rows.map(total));
  return (
    <figure class="week-chart">
      <table data-testid="week-chart" aria-describedby="week-note">
        <thead>
          <tr>
            <th scope="col">{t('popup.member')}</th>
            {PARTS.map((p) => (
              <th key={p.key} scope="col" class="num">
                <span class={`swatch ${p.key}`} aria-hidden="true" />
                {t(p.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.memberId} data-testid="week-row">
              <th scope="row">
                <span class="week-name">{row.name}</span>
                <span class="bar" aria-hidden="true" style={{ width: `${(total(row) / max) * 100}%` }}>
                  {PARTS.map((p) => row[p.key] > 0 && <span key={p.key} class={p.key} style={{ flexGrow: row[p.key] }} />)}
                </span>
              </th>
              {PARTS.map((p) => (
                <td key={p.key} class={row[p.key] > 0 && p.key === 'missed' ? 'num late' : 'num'}>
                  {row[p.key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption id="week-note" class="muted small">
        {t('popup.weekNote')}
      </figcaption>
    </figure>
  );
}

import type { RepWeek } from '@/model/followups';
import { t } from './i18n';

const PARTS = [
  { key: 'doneOnTime', color: '#047857', label: 'popup.doneOnTime' },
  { key: 'doneLate', color: '#d97706', label: 'popup.doneLate' },
  { key: 'missed', color: '#b91c1c', label: 'popup.missed' },
  { key: 'open', color: '#93c5fd', label: 'popup.openCount' },
] as const;

/** This week per rep as stacked horizontal bars: done on time, done late, missed, open. */
export function WeekChart({ rows }: { rows: { name: string; week: RepWeek }[] }) {
  const max = Math.max(1, ...rows.map((r) => PARTS.reduce((n, p) => n + r.week[p.key], 0)));
  const barWidth = 200;
  const rowHeight = 22;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        width="100%"
        viewBox={`0 0 340 ${rows.length * rowHeight + 4}`}
        role="img"
        aria-label={t('popup.thisWeek')}
        data-testid="week-chart"
      >
        {rows.map((row, i) => {
          let x = 110;
          return (
            <g key={row.name} transform={`translate(0 ${i * rowHeight})`}>
              <text x="0" y="15" font-size="11" fill="#1f2937">
                {row.name.length > 16 ? `${row.name.slice(0, 15)}…` : row.name}
              </text>
              {PARTS.map((p) => {
                const w = (row.week[p.key] / max) * barWidth;
                const rect = w > 0 ? <rect key={p.key} x={x} y="4" width={w} height="14" fill={p.color} /> : null;
                x += w;
                return rect;
              })}
              <text x={x + 4} y="15" font-size="11" fill="#6b7280">
                {PARTS.map((p) => row.week[p.key]).join('/')}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="row" style={{ flexWrap: 'wrap', fontSize: '11px' }}>
        {PARTS.map((p) => (
          <span key={p.key} class="row" style={{ gap: '3px' }}>
            <span style={{ width: '10px', height: '10px', background: p.color, display: 'inline-block' }} />
            {t(p.label)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

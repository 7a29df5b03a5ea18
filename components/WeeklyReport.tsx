import { useState } from 'preact/hooks';
import type { WeeklyReportView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { csvOfReport } from '@/model/board';
import { localDateString, localTimeZone } from '@/model/calendar';
import { durationText } from './format';
import { t } from './i18n';
import type { MessageKey } from './messages';
import { useSubscription } from './useSubscription';

type Row = WeeklyReportView['rows'][number];
const COLUMNS: { key: keyof Omit<Row, 'memberId' | 'name'>; label: MessageKey }[] = [
  { key: 'notesWritten', label: 'report.notesWritten' },
  { key: 'doneOnTime', label: 'popup.doneOnTime' },
  { key: 'doneLate', label: 'popup.doneLate' },
  { key: 'missed', label: 'popup.missed' },
  { key: 'wentQuiet', label: 'report.wentQuiet' },
];
const CHARTED = ['doneOnTime', 'doneLate', 'missed'] as const;

/** The weekly report (managers): a chart of follow-ups per member, the table, CSV and print. */
export function WeeklyReport({ api }: { api: ApiClient }) {
  const [weeksAgo, setWeeksAgo] = useState(0);
  const { value: report } = useSubscription(api, 'weeklyReport', { weeksAgo });
  if (!report) return null;
  const max = Math.max(1, ...report.rows.map((r) => r.doneOnTime + r.doneLate + r.missed));
  const download = () => {
    const csv = csvOfReport(report.rows, report.weekStart, localTimeZone(), report.acknowledgements);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.download = `sidenote-week-${localDateString(report.weekStart, localTimeZone())}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  return (
    <section class="weekly-report card" aria-labelledby="report-heading" data-testid="weekly-report">
      <div class="row spread">
        <h2 id="report-heading">{t('report.heading', { date: localDateString(report.weekStart, localTimeZone()) })}</h2>
        <div class="row no-print">
          <select
            data-testid="report-week"
            aria-label={t('report.week')}
            value={weeksAgo}
            onChange={(e) => setWeeksAgo(Number(e.currentTarget.value))}
          >
            {[0, 1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {n === 0 ? t('report.thisWeek') : t('report.weeksAgo', { count: n })}
              </option>
            ))}
          </select>
          <button type="button" data-testid="report-csv" onClick={download}>
            {t('report.csv')}
          </button>
          <button type="button" data-testid="report-print" onClick={() => window.print()}>
            {t('report.print')}
          </button>
        </div>
      </div>
      <svg class="report-chart" role="img" aria-label={t('report.chart')} viewBox={`0 0 400 ${report.rows.length * 22 + 4}`} width="100%">
        {report.rows.map((r, i) => {
          let x = 120;
          return (
            <g key={r.memberId}>
              <text x="0" y={i * 22 + 16} class="chart-name">
                {r.name}
              </text>
              {CHARTED.map((k) => {
                const w = (r[k] / max) * 270;
                const rect = <rect key={k} class={`bar-${k}`} x={x} y={i * 22 + 4} width={w} height="16" />;
                x += w;
                return rect;
              })}
            </g>
          );
        })}
      </svg>
      <table class="report-table" data-testid="report-table">
        <thead>
          <tr>
            <th scope="col">{t('popup.member')}</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" class="num">
                {t(c.label)}
              </th>
            ))}
            {report.acknowledgements && (
              <>
                <th scope="col" class="num">
                  {t('report.acked')}
                </th>
                <th scope="col" class="num">
                  {t('report.answered')}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.memberId} data-testid="report-row">
              <th scope="row">{r.name}</th>
              {COLUMNS.map((c) => (
                <td key={c.key} class="num">
                  {r[c.key]}
                </td>
              ))}
              {report.acknowledgements && <AckCells stats={report.acknowledgements.find((a) => a.memberId === r.memberId)} />}
            </tr>
          ))}
        </tbody>
      </table>
      {!report.acknowledgements && <p class="muted small">{t('report.acksNotRecorded')}</p>}
    </section>
  );
}

type AckStats = NonNullable<WeeklyReportView['acknowledgements']>[number];

/** "3 of 4" change notes acknowledged within a day; "2 of 3, median 3 h 20 min" questions answered. */
function AckCells({ stats }: { stats: AckStats | undefined }) {
  const none = t('report.nothingToCount');
  return (
    <>
      <td class="num" data-testid="report-acked">
        {stats && stats.toAck > 0 ? t('report.ofTotal', { done: stats.ackedWithinDay, total: stats.toAck }) : none}
      </td>
      <td class="num" data-testid="report-answered">
        {stats && stats.asked > 0
          ? stats.medianAnswerMs === null
            ? t('report.ofTotal', { done: stats.answered, total: stats.asked })
            : t('report.answeredMedian', { done: stats.answered, total: stats.asked, median: durationText(stats.medianAnswerMs) })
          : none}
      </td>
    </>
  );
}

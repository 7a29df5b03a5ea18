import { useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import { CSV_TABLES, type CsvTable } from '@/model/admin';
import { attempt } from './attempt';
import { t } from './i18n';
import type { MessageKey } from './messages';

/** Hands a file to the browser's downloads. */
function download(filename: string, mime: string, text: string): void {
  // A BOM, so Excel and WPS read a CSV's Chinese as UTF-8.
  const parts = mime.startsWith('text/csv') ? ['\uFEFF', text] : [text];
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Admins: the team's data out (JSON, CSV per table) and an export in (into an empty team). */
export function DataTransfer({ api, teamName }: { api: ApiClient; teamName: string }) {
  const [table, setTable] = useState<CsvTable>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const exportAs = (format: 'json' | 'csv') =>
    void attempt(() => api.request('exportTeamData', { format, table: format === 'csv' ? table : undefined }), '', setStatus).then(
      (f) => f && download(f.filename, f.mime, f.text),
    );
  return (
    <section class="card" data-testid="admin-data">
      <h2>{t('admin.dataTitle')}</h2>
      <p class="muted">{t('admin.dataIntro')}</p>
      <div class="row">
        <button type="button" data-testid="export-json" onClick={() => exportAs('json')}>
          {t('admin.exportJson')}
        </button>
        <label>
          {t('admin.exportTable')}
          <select data-testid="export-table" value={table} onChange={(e) => setTable(e.currentTarget.value as CsvTable)}>
            {CSV_TABLES.map((name) => (
              <option key={name} value={name}>
                {t(`admin.table.${name}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="export-csv" onClick={() => exportAs('csv')}>
          {t('admin.exportCsv')}
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!file || !confirm(t('admin.importConfirm', { team: teamName }))) return;
          void attempt(
            async () => api.request('importTeamData', { text: await file.text() }),
            (n) => t('admin.imported', { customers: n.customers ?? 0, notes: n.notes ?? 0, tasks: n.tasks ?? 0 }),
            setStatus,
          );
        }}
      >
        <p class="muted">{t('admin.importIntro')}</p>
        <div class="row">
          <label>
            {t('admin.importFile')}
            <input
              type="file"
              accept="application/json,.json"
              data-testid="import-file"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" data-testid="import-submit" disabled={!file}>
            {t('admin.import')}
          </button>
        </div>
      </form>
      {status && (
        <p role="status" data-testid="data-status">
          {status}
        </p>
      )}
    </section>
  );
}

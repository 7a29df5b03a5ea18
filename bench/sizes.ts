/**
 * Bundle sizes of the built extension, gzipped at level 9: each content script (what every
 * matching page loads) and the sidebar page's JavaScript (its script and every chunk that
 * imports, transitively). The background, the popup and the options page are reported for information.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION } from '../tests/e2e/harness';
import type { Benchmark, BudgetRow } from './lib/benchmark';
import { fmt } from './lib/stats';

const CONTENT_SCRIPT_BUDGET = 12_000;
const SIDEBAR_BUDGET = 45_000;

interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

function sizeOf(file: string): FileSize {
  const content = readFileSync(join(EXTENSION, file));
  return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

/** Paths (from the extension root) that a module imports, statically or dynamically. */
function importsOf(file: string): string[] {
  const code = readFileSync(join(EXTENSION, file), 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+\.m?js)["']/g)) {
    const target = match[1]!;
    found.add(target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(file), target));
  }
  return [...found];
}

/** An HTML page's module scripts and everything they import, each once. */
function pageScripts(page: string): string[] {
  const html = readFileSync(join(EXTENSION, page), 'utf8');
  const entries = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) =>
    (m[1] ?? m[2]!).replace(/^\//, ''),
  );
  return moduleGraph(entries);
}

function moduleGraph(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    importsOf(file).forEach(visit);
  };
  entries.forEach(visit);
  return [...seen];
}

const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;
const total = (files: FileSize[]) =>
  files.reduce((sum, f) => ({ bytes: sum.bytes + f.bytes, gzip: sum.gzip + f.gzip }), { bytes: 0, gzip: 0 });

function table(files: FileSize[]): string[] {
  return ['| file | raw | gzip -9 |', '|---|---:|---:|', ...files.map((f) => `| \`${f.file}\` | ${kb(f.bytes)} | ${kb(f.gzip)} |`)];
}

export const sizes: Benchmark = {
  name: 'sizes',
  title: 'Bundle sizes (gzip level 9)',
  needsExtension: true,
  async run() {
    const contentDir = join(EXTENSION, 'content-scripts');
    const contentScripts = readdirSync(contentDir)
      .filter((f) => f.endsWith('.js'))
      .sort()
      .map((f) => sizeOf(relative(EXTENSION, join(contentDir, f))));
    if (contentScripts.length === 0) throw new Error(`no content scripts in ${contentDir}`);
    const sidebar = pageScripts('sidebar.html').map(sizeOf);
    const popup = pageScripts('popup.html').map(sizeOf);
    const options = pageScripts('options.html').map(sizeOf);
    const background = moduleGraph(['background.js']).map(sizeOf);
    const sidebarTotal = total(sidebar);

    const largest = contentScripts.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    const rows: BudgetRow[] = [
      ...contentScripts.map((f) => ({
        what: `content script \`${f.file.replace('content-scripts/', '')}\``,
        budget: '≤ 12 KB',
        measured: kb(f.gzip),
        samples: 'deterministic',
        pass: f.gzip <= CONTENT_SCRIPT_BUDGET,
      })),
      {
        what: `sidebar page JS (${sidebar.length} files)`,
        budget: '≤ 45 KB',
        measured: kb(sidebarTotal.gzip),
        samples: 'deterministic',
        pass: sidebarTotal.gzip <= SIDEBAR_BUDGET,
      },
      { what: 'background.js (information)', budget: '—', measured: kb(total(background).gzip), samples: 'deterministic', pass: null },
      {
        what: `popup page JS (information, ${popup.length} files)`,
        budget: '—',
        measured: kb(total(popup).gzip),
        samples: 'deterministic',
        pass: null,
      },
      {
        what: `options page JS (information, ${options.length} files)`,
        budget: '—',
        measured: kb(total(options).gzip),
        samples: 'deterministic',
        pass: null,
      },
    ];
    return {
      rows,
      details: [
        'KB = 1,000 bytes. Each file is gzipped on its own at level 9; a page’s size is the sum over its script and every chunk it imports (static and dynamic imports, followed transitively).',
        `Largest content script: \`${largest.file}\` at ${kb(largest.gzip)} (${fmt((100 * largest.gzip) / CONTENT_SCRIPT_BUDGET)}% of its budget).`,
        '',
        'Sidebar page (`sidebar.html`):',
        '',
        ...table(sidebar),
        '',
        'Popup page (`popup.html`):',
        '',
        ...table(popup),
        '',
        'Options page (`options.html`):',
        '',
        ...table(options),
      ],
      data: { contentScripts, sidebar, popup, options, background, sidebarGzip: sidebarTotal.gzip },
    };
  },
};

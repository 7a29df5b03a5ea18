import { useEffect, useRef, useState } from 'preact/hooks';
import type { BoardCard, BoardFilters, BoardView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { BoardGoals } from './BoardGoals';
import { countText } from './format';
import { errorOf, locale, stageName, t } from './i18n';
import { useSubscription } from './useSubscription';
import { WeeklyReport } from './WeeklyReport';

/** A card's height in px, fixed so a column's scroll height is its count times this. */
export const CARD_HEIGHT = 84;
/** Cards rendered above and below the visible ones, so a fast scroll shows no gap. */
const OVERSCAN = 4;
/** Cards asked for at once when a column scrolls past those it has. */
const PAGE = 50;

const NO_FILTERS: BoardFilters = { ownerId: null, stages: [], overdue: false, quiet: false, mine: false };

/** The team's board: customers in columns by stage (or rows by owner), goals and the weekly report. */
export function Board({ api }: { api: ApiClient }) {
  const [filters, setFilters] = useState<BoardFilters>(NO_FILTERS);
  const [layout, setLayout] = useState<'stage' | 'owner'>('stage');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const { value: view } = useSubscription(api, 'board', { filters, layout });
  useEffect(() => {
    document.documentElement.lang = locale();
    document.title = t('board.title');
  }, []);
  // For the bench (bench/board.ts): when the first cards are in the DOM.
  const shown = useRef(false);
  // The report (below the fold) is asked for once the board is on screen, not in its way.
  const [reportWanted, setReportWanted] = useState(false);
  useEffect(() => {
    if (view && !shown.current) {
      shown.current = true;
      performance.mark('sidenote:board-shown');
      requestAnimationFrame(() => setTimeout(() => setReportWanted(true), 0));
    }
  }, [view]);
  if (view === undefined)
    return (
      <main class="board-page">
        <p class="muted" role="status">
          {t('popup.loading')}
        </p>
      </main>
    );
  if (view === null)
    return (
      <main class="board-page">
        <p class="muted">{t('sidebar.signedOut')}</p>
      </main>
    );

  const me = view.session!.member.id;
  /** Moves a card to a stage: the mutation is queued (offline too); a refusal is said in words. */
  const move = async (card: BoardCard, stage: string) => {
    if (card.stage === stage) return;
    try {
      const start = performance.now();
      await api.request('setStage', { customerId: card.id, stage, eventId: crypto.randomUUID() });
      // For the bench: the drop (or key) to the stage saved in the local database with its outbox entry.
      performance.measure('sidenote:board-move-saved', { start });
      setStatus({ text: t('board.moved', { customer: card.name, stage: stageName(stage) }), error: false });
    } catch (e) {
      setStatus({ text: t('board.moveRefused', { customer: card.name, message: errorOf(e) }), error: true });
    }
  };
  const mayMove = (card: BoardCard) => view.mayMoveAll || card.ownerId === null || card.ownerId === me;
  const set = (patch: Partial<BoardFilters>) => setFilters({ ...filters, ...patch });
  const total = view.columns.reduce((n, c) => n + c.count, 0);

  return (
    <main class="board-page">
      <header class="board-header row spread">
        <h1>{t('board.title')}</h1>
        <span class="muted" data-testid="board-total">
          {t('board.total', { count: countText(total) })}
        </span>
      </header>
      <form class="board-filters row" aria-label={t('board.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('board.owner')}{' '}
          <select
            data-testid="filter-owner"
            value={filters.ownerId ?? '*'}
            onChange={(e) => set({ ownerId: e.currentTarget.value === '*' ? null : e.currentTarget.value })}
          >
            <option value="*">{t('board.everyone')}</option>
            <option value="">{t('board.unowned')}</option>
            {view.members
              .filter((m) => m.active)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('stage.label')}{' '}
          <select
            data-testid="filter-stage"
            value={filters.stages[0] ?? '*'}
            onChange={(e) => set({ stages: e.currentTarget.value === '*' ? [] : [e.currentTarget.value] })}
          >
            <option value="*">{t('board.allStages')}</option>
            {view.stages.map((s) => (
              <option key={s} value={s}>
                {stageName(s)}
              </option>
            ))}
          </select>
        </label>
        {(['overdue', 'quiet', 'mine'] as const).map((name) => (
          <label key={name} class="check-label">
            <input
              type="checkbox"
              data-testid={`filter-${name}`}
              checked={filters[name]}
              onChange={(e) => set({ [name]: e.currentTarget.checked })}
            />
            {t(`board.filter.${name}`)}
          </label>
        ))}
        <div class="segmented" role="group" aria-label={t('board.layout')}>
          {(['stage', 'owner'] as const).map((l) => (
            <button key={l} type="button" data-testid={`layout-${l}`} aria-pressed={layout === l} onClick={() => setLayout(l)}>
              {t(l === 'stage' ? 'board.byStage' : 'board.byOwner')}
            </button>
          ))}
        </div>
      </form>
      <p class={status?.error ? 'error' : 'muted small'} role={status?.error ? 'alert' : 'status'} data-testid="board-status">
        {status?.text ?? t('board.keysHint')}
      </p>
      {layout === 'stage' ? (
        <div class="board-columns">
          {view.columns.map((column, i) => (
            <Column
              key={column.stage}
              api={api}
              view={view}
              filters={filters}
              column={column}
              onMove={move}
              mayMove={mayMove}
              neighbours={[view.columns[i - 1]?.stage ?? null, view.columns[i + 1]?.stage ?? null]}
            />
          ))}
        </div>
      ) : (
        <OwnerRows
          view={view}
          onMove={move}
          mayMove={mayMove}
          onShowOwner={(ownerId) => {
            set({ ownerId: ownerId ?? '' });
            setLayout('stage');
          }}
        />
      )}
      <BoardGoals api={api} view={view} />
      {reportWanted && <WeeklyReport api={api} />}
    </main>
  );
}

interface ColumnProps {
  api: ApiClient;
  view: BoardView;
  filters: BoardFilters;
  column: BoardView['columns'][number];
  onMove: (card: BoardCard, stage: string) => Promise<void>;
  mayMove: (card: BoardCard) => boolean;
  /** The stages left and right of this one, for the keyboard's moves. */
  neighbours: [string | null, string | null];
}

/**
 * One stage's column. Only the cards in view (and a few around) are in the DOM: the list is as
 * tall as all its cards, and the cards past the first page are asked for as they scroll in.
 */
function Column({ api, view, filters, column, onMove, mayMove, neighbours }: ColumnProps) {
  const [cache, setCache] = useState<Map<number, BoardCard>>(new Map());
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const [over, setOver] = useState(false);
  const asked = useRef(new Set<number>());
  const list = useRef<HTMLDivElement>(null);
  // A new view (data changed, filters changed): its first page replaces what was cached.
  useEffect(() => {
    setCache(new Map(column.cards.map((c, i) => [i, c])));
    asked.current = new Set([0]);
  }, [column]);
  useEffect(() => {
    const el = list.current;
    if (el) setScroll({ top: el.scrollTop, height: el.clientHeight || 600 });
  }, []);
  const first = Math.max(0, Math.floor(scroll.top / CARD_HEIGHT) - OVERSCAN);
  const last = Math.min(column.count, Math.ceil((scroll.top + scroll.height) / CARD_HEIGHT) + OVERSCAN);
  // Cards scrolled into view that are not here yet: one request per page of them.
  useEffect(() => {
    for (let page = Math.floor(first / PAGE) * PAGE; page < last; page += PAGE) {
      if (asked.current.has(page) || cache.has(page)) continue;
      asked.current.add(page);
      void api
        .request('boardCards', { filters, stage: column.stage, offset: page, limit: PAGE })
        .then(({ cards }) =>
          setCache((old) => {
            const next = new Map(old);
            cards.forEach((c, i) => next.set(page + i, c));
            return next;
          }),
        )
        .catch(() => asked.current.delete(page));
    }
  }, [first, last, cache]);

  const onKey = (card: BoardCard, index: number) => (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step && (e.shiftKey || e.altKey)) {
      e.preventDefault();
      const target = neighbours[step === 1 ? 1 : 0];
      if (target) void onMove(card, target);
      return;
    }
    const down = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (down) {
      e.preventDefault();
      const el = list.current;
      const next = index + down;
      if (!el || next < 0 || next >= column.count) return;
      el.scrollTop = Math.max(el.scrollTop, (next + 1) * CARD_HEIGHT - el.clientHeight);
      if (next * CARD_HEIGHT < el.scrollTop) el.scrollTop = next * CARD_HEIGHT;
      requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
    }
  };
  const cards: { card: BoardCard | undefined; index: number }[] = [];
  for (let i = first; i < last; i++) cards.push({ card: cache.get(i), index: i });
  const headingId = `column-${column.stage}`;
  return (
    <section
      class={over ? 'board-column over' : 'board-column'}
      data-testid="board-column"
      data-stage={column.stage}
      aria-labelledby={headingId}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const raw = e.dataTransfer?.getData('application/x-sidenote-card');
        if (!raw) return;
        const card = JSON.parse(raw) as BoardCard;
        void onMove(card, column.stage);
      }}
    >
      <h2 id={headingId} class="row spread">
        <span>{stageName(column.stage)}</span>
        <span class="count" data-testid="column-count">
          {countText(column.count)}
        </span>
      </h2>
      {view.stageRules.some((r) => r.stage === column.stage) && <RuleLine rule={view.stageRules.find((r) => r.stage === column.stage)!} />}
      <div
        class="column-cards"
        ref={list}
        role="list"
        aria-labelledby={headingId}
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
      >
        <div style={{ height: `${column.count * CARD_HEIGHT}px`, position: 'relative' }}>
          {cards.map(({ card, index }) =>
            card ? (
              <Card key={card.id} card={card} index={index} draggable={mayMove(card)} onKeyDown={onKey(card, index)} />
            ) : (
              <div key={`gap-${index}`} class="board-card placeholder" style={{ top: `${index * CARD_HEIGHT}px` }} aria-hidden="true" />
            ),
          )}
        </div>
      </div>
    </section>
  );
}

function RuleLine({ rule }: { rule: BoardView['stageRules'][number] }) {
  const parts = [
    rule.nextFollowUpDays !== null ? t('board.ruleFollowUp', { days: rule.nextFollowUpDays }) : null,
    rule.idleDays !== null ? t('board.ruleIdle', { days: rule.idleDays }) : null,
    rule.escalateDays !== null ? t('board.ruleEscalate', { days: rule.escalateDays }) : null,
  ].filter(Boolean);
  return parts.length ? <p class="muted small rule-line">{parts.join(' · ')}</p> : null;
}

const STATE_KEY = {
  overdue: 'board.state.overdue',
  today: 'board.state.today',
  planned: 'board.state.planned',
  none: 'board.state.none',
} as const;

/** One customer's card: name, owner, next follow-up in its state's colour, how long it has been quiet. */
function Card({
  card,
  index,
  draggable,
  onKeyDown,
  inline,
}: {
  card: BoardCard;
  index: number;
  draggable: boolean;
  onKeyDown?: (e: KeyboardEvent) => void;
  inline?: boolean;
}) {
  const due = card.nextDueAt === null ? null : new Date(card.nextDueAt).toLocaleDateString(locale(), { month: 'short', day: 'numeric' });
  return (
    <div
      class={`board-card state-${card.state}${inline ? ' inline' : ''}`}
      role="listitem"
      tabIndex={0}
      data-testid="board-card"
      data-customer-id={card.id}
      data-index={index}
      data-state={card.state}
      style={inline ? undefined : { top: `${index * CARD_HEIGHT}px` }}
      draggable={draggable}
      aria-label={`${card.name}, ${stageName(card.stage)}`}
      onDragStart={(e) => {
        e.dataTransfer?.setData('application/x-sidenote-card', JSON.stringify(card));
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      }}
      onKeyDown={onKeyDown}
    >
      <div class="row spread">
        <strong class="card-name">{card.name}</strong>
        {card.breach && (
          <span class={`pill ${card.breach === 'escalated' ? 'bad' : 'warn'}`} data-testid="card-breach">
            {t(card.breach === 'escalated' ? 'board.escalated' : 'board.cold')}
          </span>
        )}
      </div>
      <div class="muted small">{card.ownerName ?? t('board.unowned')}</div>
      <div class="row spread small">
        <span class="card-due" data-testid="card-due">
          <span class="dot" aria-hidden="true" />
          {t(STATE_KEY[card.state])}
          {due ? ` · ${due}` : ''}
          {card.needsFollowUp && <span class="sr-only">{t('board.needsFollowUp')}</span>}
        </span>
        <span class="muted" data-testid="card-quiet">
          {t('board.quiet', { days: card.quietDays })}
        </span>
      </div>
    </div>
  );
}

/** Rows by owner: each owner's first cards per stage, with the cell's count; "all" opens that owner's columns. */
function OwnerRows({
  view,
  onMove,
  mayMove,
  onShowOwner,
}: {
  view: BoardView;
  onMove: (card: BoardCard, stage: string) => Promise<void>;
  mayMove: (card: BoardCard) => boolean;
  onShowOwner: (ownerId: string | null) => void;
}) {
  return (
    <div class="owner-rows" role="table" aria-label={t('board.byOwner')}>
      <div class="owner-row head" role="row">
        <span role="columnheader">{t('board.owner')}</span>
        {view.columns.map((c) => (
          <span key={c.stage} role="columnheader">
            {stageName(c.stage)}
          </span>
        ))}
      </div>
      {view.rows.map((row) => (
        <div key={row.ownerId ?? ''} class="owner-row" role="row" data-testid="owner-row">
          <span role="rowheader">
            <button type="button" class="link" onClick={() => onShowOwner(row.ownerId)}>
              {row.ownerName ?? t('board.unowned')}
            </button>
          </span>
          {row.cells.map((cell) => (
            <div
              key={cell.stage}
              role="cell"
              class="owner-cell"
              data-testid="board-column"
              data-stage={cell.stage}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const raw = e.dataTransfer?.getData('application/x-sidenote-card');
                if (raw) void onMove(JSON.parse(raw) as BoardCard, cell.stage);
              }}
            >
              {cell.cards.map((card, i) => (
                <Card key={card.id} card={card} index={i} inline draggable={mayMove(card)} />
              ))}
              {cell.count > cell.cards.length && (
                <span class="muted small">{t('board.more', { count: countText(cell.count - cell.cards.length) })}</span>
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

import { dateText } from './format';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BoardCard, BoardFilters, BoardView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { BoardGoals } from './BoardGoals';
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
  const counted = useRef(false);
  // The view's arrival (parsed), apart from its render: the bench reports the two shares.
  if (view && !shown.current && performance.getEntriesByName('sidenote:board-view-received').length === 0)
    performance.mark('sidenote:board-view-received');
  // The report (below the fold) is asked for once the board is on screen, not in its way.
  const [reportWanted, setReportWanted] = useState(false);
  useEffect(() => {
    if (view && !shown.current) {
      shown.current = true;
      performance.mark('sidenote:board-shown');
      requestAnimationFrame(() => setTimeout(() => setReportWanted(true), 0));
    }
    // And when the counts, which follow the first cards, are shown.
    if (view && !counted.current && view.columns.every((c) => c.count !== null)) {
      counted.current = true;
      performance.mark('sidenote:board-counted');
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
  const move = async (card: BoardCard, stage: string): Promise<boolean> => {
    if (card.stage === stage) return false;
    try {
      const start = performance.now();
      await api.request('setStage', { customerId: card.id, stage, eventId: crypto.randomUUID() });
      // For the bench: the drop (or key) to the stage saved in the local database with its outbox entry.
      performance.measure('sidenote:board-move-saved', { start });
      setStatus({ text: t('board.moved', { customer: card.name, stage: stageName(stage) }), error: false });
      return true;
    } catch (e) {
      setStatus({ text: t('board.moveRefused', { customer: card.name, message: errorOf(e) }), error: true });
      return false;
    }
  };
  const mayMove = (card: BoardCard) => view.mayMoveAll || card.ownerId === null || card.ownerId === me;
  const set = (patch: Partial<BoardFilters>) => setFilters({ ...filters, ...patch });
  const counts = view.columns.map((c) => c.count);
  const total = counts.every((n) => n !== null) ? counts.reduce<number>((sum, n) => sum + n!, 0) : null;
  const neighboursOf = (stage: string): [string | null, string | null] => {
    const i = view.columns.findIndex((c) => c.stage === stage);
    return [view.columns[i - 1]?.stage ?? null, view.columns[i + 1]?.stage ?? null];
  };

  return (
    <main class="board-page">
      <header class="board-header row spread">
        <h1>{t('board.title')}</h1>
        <span class="muted" data-testid="board-total" aria-busy={total === null}>
          {t('board.total', { count: total === null ? '…' : exactCount(total) })}
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
          {view.columns.map((column) => (
            <Column
              key={column.stage}
              api={api}
              view={view}
              filters={filters}
              column={column}
              onMove={move}
              mayMove={mayMove}
              neighbours={neighboursOf(column.stage)}
            />
          ))}
        </div>
      ) : (
        <OwnerRows
          api={api}
          view={view}
          filters={filters}
          onMove={move}
          mayMove={mayMove}
          neighboursOf={neighboursOf}
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

/** What moves a card and who may: the same in both layouts. */
interface MoveProps {
  /** Moves the card; true once saved, false if refused (the status line says why). */
  onMove: (card: BoardCard, stage: string) => Promise<boolean>;
  mayMove: (card: BoardCard) => boolean;
}

interface ColumnProps extends MoveProps {
  api: ApiClient;
  view: BoardView;
  filters: BoardFilters;
  column: BoardView['columns'][number];
  /** The stages left and right of this one, for the keyboard's moves. */
  neighbours: [string | null, string | null];
}

/** The card being dragged, as its drop target reads it (null when the drag is not one of ours). */
function droppedCard(e: DragEvent): BoardCard | null {
  const raw = e.dataTransfer?.getData('application/x-sidenote-card');
  return raw ? (JSON.parse(raw) as BoardCard) : null;
}

/** One stage's column: its name and count, its rule, and its cards. */
function Column({ api, view, filters, column, onMove, mayMove, neighbours }: ColumnProps) {
  const [over, setOver] = useState(false);
  const headingId = `column-${column.stage}`;
  const rule = view.stageRules.find((r) => r.stage === column.stage);
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
        const card = droppedCard(e);
        if (card) void onMove(card, column.stage);
      }}
    >
      <h2 id={headingId} class="row spread">
        <span>{stageName(column.stage)}</span>
        <Count count={column.count} />
      </h2>
      {rule && <RuleLine rule={rule} />}
      <CardList
        api={api}
        filters={filters}
        stage={column.stage}
        count={column.count}
        cards={column.cards}
        class="column-cards"
        labelledBy={headingId}
        onMove={onMove}
        mayMove={mayMove}
        neighbours={neighbours}
      />
    </section>
  );
}

/** The board counts every customer anyway (after its first cards), so it says the exact number, not "999+". */
const exactCount = (n: number) => n.toLocaleString(locale());

/** A column's or cell's count; "…" while it is being counted (the first cards come before the counts). */
function Count({ count }: { count: number | null }) {
  return (
    <span class="count" data-testid="column-count" aria-busy={count === null} title={count === null ? t('board.counting') : undefined}>
      {count === null ? '…' : exactCount(count)}
    </span>
  );
}

interface CardListProps extends MoveProps {
  api: ApiClient;
  filters: BoardFilters;
  stage: string;
  /** The owner cell's owner ('' for no owner); absent for a column, which follows the filters. */
  ownerId?: string;
  /** All the cards there are, once counted; until then the list is as long as its first cards. */
  count: number | null;
  /** The first cards, sent with the view. */
  cards: BoardCard[];
  class: string;
  labelledBy: string;
  neighbours: [string | null, string | null];
  /** A cell's list is as tall as its cards up to this many, and scrolls past that (a column fills its height). */
  maxRows?: number;
}

/**
 * A column's or owner cell's cards, virtualised: only the cards in view (and a few around) are
 * in the DOM, the list is as tall as all its cards, and the cards past the first ones are asked
 * for as they scroll in. ↑/↓ move the focus (scrolling as needed); Shift+←/→ (or Alt) move the
 * focused card to the stage beside, and the focus stays where the card was.
 */
function CardList(props: CardListProps) {
  const { api, filters, stage, ownerId, count, cards, class: className, labelledBy, onMove, mayMove, neighbours, maxRows } = props;
  // Cards read while scrolling, for the view they were read under: a new view (data or filters
  // changed) starts again from its own first cards.
  const [more, setMore] = useState<{ of: BoardCard[]; byIndex: Map<number, BoardCard> }>({ of: cards, byIndex: new Map() });
  const asked = useRef<{ of: BoardCard[]; pages: Set<number> }>({ of: cards, pages: new Set() });
  if (asked.current.of !== cards) asked.current = { of: cards, pages: new Set() };
  const byIndex = more.of === cards ? more.byIndex : null;
  const cardAt = (i: number) => cards[i] ?? byIndex?.get(i);
  const total = Math.max(count ?? 0, cards.length);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const list = useRef<HTMLDivElement>(null);
  /** The index to focus once the list changes: where a card moved away by keyboard was. */
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    const el = list.current;
    if (el) setScroll({ top: el.scrollTop, height: el.clientHeight || 600 });
  }, []);
  const first = Math.max(0, Math.floor(scroll.top / CARD_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scroll.top + scroll.height) / CARD_HEIGHT) + OVERSCAN);
  // Cards scrolled into view that are not here yet: one request per page of them.
  useEffect(() => {
    for (let i = first; i < last; i++) {
      const page = Math.floor(i / PAGE);
      if (cardAt(i) || asked.current.pages.has(page)) continue;
      const pages = asked.current.pages;
      pages.add(page);
      const of = cards;
      void api
        .request('boardCards', { filters, stage, ...(ownerId === undefined ? {} : { ownerId }), offset: page * PAGE, limit: PAGE })
        .then((answer) =>
          setMore((old) => {
            const next = new Map(old.of === of ? old.byIndex : []);
            answer.cards.forEach((c, k) => next.set(page * PAGE + k, c));
            return { of, byIndex: next };
          }),
        )
        .catch(() => pages.delete(page));
      i = (page + 1) * PAGE - 1;
    }
  }, [first, last, cards, more]);
  // After a keyboard move, the focus goes to the card now in the moved one's place.
  useEffect(() => {
    const index = refocus.current;
    const el = list.current;
    // Only while the focus is lost (the moved card left the DOM), never taken from elsewhere.
    if (index === null || !el || (document.activeElement && document.activeElement !== document.body)) return;
    const target = Math.min(index, total - 1);
    const card = el.querySelector<HTMLElement>(`[data-index="${target}"]`);
    if (card) {
      refocus.current = null;
      card.focus();
    }
  }, [cards, more, total]);

  const focusIndex = (next: number) => {
    const el = list.current;
    if (!el || next < 0 || next >= total) return;
    el.scrollTop = Math.max(el.scrollTop, (next + 1) * CARD_HEIGHT - el.clientHeight);
    if (next * CARD_HEIGHT < el.scrollTop) el.scrollTop = next * CARD_HEIGHT;
    requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  };
  const onKey = (card: BoardCard, index: number) => (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step && (e.shiftKey || e.altKey)) {
      e.preventDefault();
      const target = neighbours[step === 1 ? 1 : 0];
      if (!target) return;
      refocus.current = index;
      void onMove(card, target).then((moved) => {
        if (!moved) refocus.current = null;
      });
      return;
    }
    const down = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (down) {
      e.preventDefault();
      focusIndex(index + down);
    }
  };
  const shown: { card: BoardCard | undefined; index: number }[] = [];
  for (let i = first; i < last; i++) shown.push({ card: cardAt(i), index: i });
  return (
    <div
      class={className}
      ref={list}
      role="list"
      aria-labelledby={labelledBy}
      style={maxRows === undefined ? undefined : { height: `${Math.min(total, maxRows) * CARD_HEIGHT}px` }}
      onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div style={{ height: `${total * CARD_HEIGHT}px`, position: 'relative' }}>
        {shown.map(({ card, index }) =>
          card ? (
            <Card key={card.id} card={card} index={index} draggable={mayMove(card)} onKeyDown={onKey(card, index)} />
          ) : (
            <div key={`gap-${index}`} class="board-card placeholder" style={{ top: `${index * CARD_HEIGHT}px` }} aria-hidden="true" />
          ),
        )}
      </div>
    </div>
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
}: {
  card: BoardCard;
  index: number;
  draggable: boolean;
  onKeyDown?: (e: KeyboardEvent) => void;
}) {
  const due = card.nextDueAt === null ? null : dateText(card.nextDueAt, 'day');
  return (
    <div
      class={`board-card state-${card.state}`}
      role="listitem"
      tabIndex={0}
      data-testid="board-card"
      data-customer-id={card.id}
      data-index={index}
      data-state={card.state}
      style={{ top: `${index * CARD_HEIGHT}px` }}
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
      {/* The owner and the quiet time share a line, so the follow-up's state and date keep a whole one (a column can be 200 px wide). */}
      <div class="row spread small muted">
        <span class="card-owner">{card.ownerName ?? t('board.unowned')}</span>
        <span data-testid="card-quiet">{t('board.quiet', { days: card.quietDays })}</span>
      </div>
      <div class="small card-due" data-testid="card-due">
        <span class="dot" aria-hidden="true" />
        {t(STATE_KEY[card.state])}
        {due ? ` · ${due}` : ''}
        {card.needsFollowUp && <span class="sr-only">{t('board.needsFollowUp')}</span>}
      </div>
    </div>
  );
}

/**
 * Rows by owner: a cell per stage with the owner's cards there, every one of them reachable (the
 * cell scrolls, and reads more cards as it does); the owner's name opens their columns.
 */
function OwnerRows({
  api,
  view,
  filters,
  onMove,
  mayMove,
  neighboursOf,
  onShowOwner,
}: MoveProps & {
  api: ApiClient;
  view: BoardView;
  filters: BoardFilters;
  neighboursOf: (stage: string) => [string | null, string | null];
  onShowOwner: (ownerId: string | null) => void;
}) {
  return (
    <div class="owner-rows" role="table" aria-label={t('board.byOwner')}>
      <div class="owner-row head" role="row">
        <span role="columnheader">{t('board.owner')}</span>
        {view.columns.map((c) => (
          <span key={c.stage} role="columnheader" id={`owner-head-${c.stage}`}>
            {stageName(c.stage)}
          </span>
        ))}
      </div>
      {view.rows.map((row) => {
        const key = row.ownerId ?? '';
        const name = row.ownerName ?? t('board.unowned');
        return (
          <div key={key} class="owner-row" role="row" data-testid="owner-row" data-owner-id={key}>
            <span role="rowheader" id={`owner-${key}`}>
              <button type="button" class="link" onClick={() => onShowOwner(row.ownerId)}>
                {name}
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
                  const card = droppedCard(e);
                  if (card) void onMove(card, cell.stage);
                }}
              >
                <div class="cell-head small muted">
                  <span class="sr-only">
                    {name} · {stageName(cell.stage)}
                  </span>
                  <Count count={cell.count} />
                </div>
                <CardList
                  api={api}
                  filters={filters}
                  stage={cell.stage}
                  ownerId={key}
                  count={cell.count}
                  cards={cell.cards}
                  class="cell-cards"
                  maxRows={3}
                  labelledBy={`owner-${key} owner-head-${cell.stage}`}
                  onMove={onMove}
                  mayMove={mayMove}
                  neighbours={neighboursOf(cell.stage)}
                />
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

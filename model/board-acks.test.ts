import { describe, expect, it } from 'vitest';
import { acknowledgementStats, median } from './board-acks';
import { csvOfReport } from './board';
import { startOfDayAfter, startOfWeek } from './calendar';
import type { CustomerEvent, Note } from './schemas';

const HOUR = 3_600_000;
const SH = 'Asia/Shanghai';
/** Monday 2026-11-23 00:00 in Shanghai, and the Monday after. */
const WEEK = startOfWeek(Date.UTC(2026, 10, 25, 4), SH);
const NEXT = startOfDayAfter(WEEK, 7, SH);

const note = (id: string, kind: 'change' | 'question', createdAt: number, extra: Partial<Note> = {}): Note => ({
  id,
  customerId: 'c1',
  authorId: 'ana',
  kind,
  change: kind === 'change' ? { topic: 'contract', summary: '60 days' } : null,
  question: kind === 'question' ? { askedOf: 'ben', resolvedAt: null } : null,
  body: 'x',
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt,
  editedAt: null,
  deletedAt: null,
  ...extra,
});
const line = (id: string, type: 'ack' | 'answer', actorId: string, to: string, at: number): CustomerEvent => ({
  id,
  customerId: 'c1',
  type,
  actorId,
  at,
  from: null,
  to,
  note: type === 'answer' ? 'an answer' : '',
});

/** The week's notes as the view passes them: those written in [WEEK, NEXT). */
function stats(notes: Note[], events: CustomerEvent[], follow: string[] = []) {
  const inWeek = notes.filter((n) => n.createdAt >= WEEK && n.createdAt < NEXT);
  const follows = follow.map((m): CustomerEvent => ({ ...line(`f-${m}`, 'ack', m, '', 0), type: 'follow', to: null }));
  return acknowledgementStats(['ben', 'li', 'ana'], {
    changes: inWeek.filter((n) => n.kind === 'change'),
    questions: inWeek.filter((n) => n.kind === 'question'),
    customers: new Map([['c1', { ownerId: 'ben' }]]),
    tasks: new Map(),
    events: new Map([['c1', [...events, ...follows]]]),
  });
}

describe('the weekly report’s acknowledgements and answers', () => {
  it('counts a change in the week it was written: a Sunday-night change acknowledged on Monday is on time, in its own week', () => {
    const sundayNight = NEXT - HOUR;
    const notes = [note('sun', 'change', sundayNight), note('late', 'change', WEEK + HOUR), note('before', 'change', WEEK - HOUR)];
    const events = [
      line('a1', 'ack', 'ben', 'sun', NEXT + 2 * HOUR),
      line('a2', 'ack', 'ben', 'late', WEEK + 30 * HOUR),
      line('a3', 'ack', 'li', 'sun', NEXT),
    ];
    const [ben, li, ana] = stats(notes, events);
    // Ben owns the customer: both of this week's changes were his to acknowledge, one within a day.
    expect(ben).toMatchObject({ toAck: 2, ackedWithinDay: 1 });
    // Li acknowledged one without being in the audience today: counted as having been in it.
    expect(li).toMatchObject({ toAck: 1, ackedWithinDay: 1 });
    // The author never acknowledges her own change.
    expect(ana).toMatchObject({ toAck: 0, ackedWithinDay: 0 });
  });

  it('counts followers among those to acknowledge', () => {
    const [, li] = stats([note('n', 'change', WEEK + HOUR)], [], ['li']);
    expect(li).toMatchObject({ toAck: 1, ackedWithinDay: 0 });
  });

  it('counts the questions asked of a member that week, those answered, and the median time to the first answer', () => {
    const notes = [
      note('q1', 'question', WEEK + HOUR),
      note('q2', 'question', WEEK + 2 * HOUR),
      note('q3', 'question', NEXT - HOUR),
      note('q4', 'question', WEEK + HOUR),
      note('prev', 'question', WEEK - HOUR),
      note('gone', 'question', WEEK + HOUR, { deletedAt: WEEK + 2 * HOUR }),
    ];
    const events = [
      // The asker's own reply does not answer; Li answering a question asked of Ben does.
      line('r0', 'answer', 'ana', 'q1', WEEK + 1.5 * HOUR),
      line('r1', 'answer', 'ben', 'q1', WEEK + 2 * HOUR),
      line('r2', 'answer', 'li', 'q2', WEEK + 5 * HOUR),
      // Answered on Monday of the next week: still the week it was asked.
      line('r3', 'answer', 'ben', 'q3', NEXT + 4 * HOUR),
      line('rp', 'answer', 'ben', 'prev', WEEK),
    ];
    const [ben] = stats(notes, events);
    expect(ben).toEqual({ memberId: 'ben', toAck: 0, ackedWithinDay: 0, asked: 4, answered: 3, medianAnswerMs: 3 * HOUR });
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('adds its five columns to the report’s CSV (the median in hours)', () => {
    const row = { memberId: 'ben', name: 'Ben', notesWritten: 1, doneOnTime: 0, doneLate: 0, missed: 0, wentQuiet: 0 };
    const acks = [{ memberId: 'ben', toAck: 4, ackedWithinDay: 3, asked: 2, answered: 1, medianAnswerMs: 5_400_000 }];
    expect(csvOfReport([row], WEEK, SH, acks)).toBe(
      '\uFEFFWeek starting,Member,Notes written,Done on time,Done late,Missed,Went quiet,Change notes to acknowledge,Acknowledged within a day,Questions asked,Questions answered,Median hours to answer\r\n' +
        '2026-11-23,Ben,1,0,0,0,0,4,3,2,1,1.5\r\n',
    );
  });
});

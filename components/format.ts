import { COUNT_CAP } from '@/client/api';
import { locale, t } from './i18n';

// Making an Intl formatter costs far more than using one (a list of a hundred dates made a
// hundred), so each kind is made once per language and kept.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function kept<F extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: (language: string) => F): F {
  const language = locale();
  let f = formatters.get(`${language} ${key}`) as F | undefined;
  if (!f) formatters.set(`${language} ${key}`, (f = make(language)));
  return f;
}

/** The ways the UI writes a date: "Nov 24", "Nov 24, 09:12", "Fri", "9:00", "Nov 24, 2026, 9:12 AM". */
const DATE_STYLES = {
  day: { month: 'short', day: 'numeric' },
  dayTime: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short' },
  time: { hour: 'numeric', minute: '2-digit' },
  full: { dateStyle: 'medium', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** An instant written in one of the UI's date styles, in the UI's language and the user's zone. */
export function dateText(at: number, style: keyof typeof DATE_STYLES): string {
  return kept(style, (language) => new Intl.DateTimeFormat(language, DATE_STYLES[style])).format(at);
}

/** "just now", "5 min ago", "Nov 24, 09:12": short, in the UI's language. */
export function relativeTime(at: number, now = Date.now()): string {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return t('time.justNow');
  const rtf = kept('relative', (language) => new Intl.RelativeTimeFormat(language, { numeric: 'auto' }));
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  return dateText(at, 'dayTime');
}

/** The full date and time, for a tooltip. */
export function fullTime(at: number): string {
  return dateText(at, 'full');
}

/** A count as the popup shows it: "999+" past COUNT_CAP (the views stop counting there). */
export function countText(n: number): string {
  return n > COUNT_CAP ? `${COUNT_CAP}+` : String(n);
}

/** How many are left once `shown` of `count` are listed, as a count ("990+" when `count` is past the cap). */
export function remainingText(count: number, shown: number): string {
  return count > COUNT_CAP ? `${COUNT_CAP - shown}+` : String(count - shown);
}

/** A span of time, short: "under a minute", "25 min", "3 h 20 min", "2 d 4 h". */
export function durationText(ms: number): string {
  if (ms < 60_000) return t('duration.underMinute');
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t('duration.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('duration.hours', { hours, minutes: minutes % 60 });
  return t('duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

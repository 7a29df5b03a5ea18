import type { ChatEntry } from './note-doc';

/**
 * Reads a conversation pasted from WeChat or another IM into messages: who spoke, when (as the
 * paste wrote it) and what. What it does not recognise stays as written, in its place. Pure;
 * returns null when no message was recognised at all (the note then shows as plain text).
 *
 * Recognised:
 * - a header line, then the message's lines (WeChat and WeCom desktop, DingTalk, QQ):
 *   "张三 2026/11/30 14:05", "Zhang San 14:05", "李四 昨天 09:12", "王五 下午 2:05",
 *   and QQ's record "2026-11-30 14:05:33 张三(123456)";
 * - one line per message: "[10:21] Name: text", "[2026/11/30 10:21] 张三：好的",
 *   WhatsApp's "11/30/26, 14:05 - Name: text" and "[30/11/2026, 14:05:12] Name: text";
 * - "Name: text" lines, only when every line is one, a speaker speaks twice, and two people do.
 */
export function parseChat(body: string): ChatEntry[] | null {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  return headedOrInline(lines) ?? namedLines(lines);
}

const TIME = String.raw`(?:(?:上午|下午|中午|晚上|凌晨|早上)\s?)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?`;
const DATE = [
  String.raw`\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?`,
  String.raw`\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}`,
  String.raw`\d{1,2}月\d{1,2}日`,
  String.raw`\d{1,2}[-/]\d{1,2}`,
  '昨天|今天|前天|星期[一二三四五六日天]|周[一二三四五六日天]|礼拜[一二三四五六日天]',
  '[Yy]esterday|[Tt]oday|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?',
].join('|');

/** "张三 2026/11/30 14:05": a speaker, maybe a date, a time, and nothing after it. */
const HEADER = new RegExp(String.raw`^(?<name>\S.{0,39}?)\s+(?:(?<date>${DATE})\s*)?(?<time>${TIME})$`);
/** QQ's message record: the date and time first, then the speaker. */
const HEADER_TIME_FIRST = new RegExp(String.raw`^(?<date>${DATE})\s+(?<time>${TIME})\s+(?<name>\S.{0,39})$`);
/** "[10:21] Name: text", "[30/11/2026, 14:05:12] Name: text". */
const BRACKETED = new RegExp(
  String.raw`^\[(?:(?<date>${DATE})[,\s]\s*)?(?<time>${TIME})\]\s*(?<name>[^:：\]]{1,40}?)\s*[:：]\s?(?<text>.*)$`,
);
/** WhatsApp: "11/30/26, 14:05 - Name: text". */
const DASHED = new RegExp(
  String.raw`^(?<date>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}),?\s+(?<time>${TIME})\s+[-–]\s+(?<name>[^:：]{1,40}?)[:：]\s?(?<text>.*)$`,
);
/** "Name: text" (or "名字：内容"). */
const NAMED = /^(?<name>[^:：\s][^:：]{0,23}?)\s*[:：]\s*(?<text>\S.*)$/;
/** Sentence punctuation a speaker's name does not hold ("会议改到 15:00。" is a message, not a header). */
const NOT_IN_NAME = /[，。！？；,;!?：:"“”]/;

interface Header {
  name: string;
  date: string | null;
  time: string;
}

/**
 * A sentence in Latin letters ("See you at 14:30"): several words, one of them lower-case. Names
 * of several words are capitalised ("Li Wei"); a one-word nickname may be lower-case.
 */
const SENTENCE_LIKE = /^\S+(?:\s+\S+)+$/;
const LOWER_WORD = /(?:^|\s)\p{Ll}/u;

function headerOf(line: string): Header | null {
  const m = HEADER_TIME_FIRST.exec(line) ?? HEADER.exec(line);
  const g = m?.groups;
  if (!g || NOT_IN_NAME.test(g.name!) || /^\d+$/.test(g.name!)) return null;
  if (SENTENCE_LIKE.test(g.name!.trim()) && LOWER_WORD.test(g.name!.trim())) return null;
  return { name: g.name!.trim(), date: g.date?.replace(/,$/, '') ?? null, time: g.time! };
}

type Message = Extract<ChatEntry, { t: 'msg' }>;

function oneLineMessageOf(line: string): Message | null {
  const g = (BRACKETED.exec(line) ?? DASHED.exec(line))?.groups;
  if (!g) return null;
  return { t: 'msg', speaker: g.name!.trim(), date: g.date?.replace(/,$/, '') ?? null, time: g.time!, text: g.text! };
}

/** Header lines and one-line messages; lines that are neither belong to the message above them. */
function headedOrInline(lines: string[]): ChatEntry[] | null {
  const trimmed = lines.map((l) => l.trim());
  const blankBefore = (i: number) => i === 0 || trimmed[i - 1] === '';
  const firstLine = trimmed.findIndex((l) => l !== '');
  const lastLine = trimmed.findLastIndex((l) => l !== '');
  // When the paste puts a blank line before its headers (most do), a header-like line without
  // one is part of a message: "会议改到 15:00" inside a message stays text.
  const candidates = trimmed.flatMap((l, i) => (i !== firstLine && headerOf(l) ? [i] : []));
  const separated = candidates.filter(blankBefore).length;
  const blankSeparated = separated > 0 && separated * 2 >= candidates.length;

  const entries: ChatEntry[] = [];
  /** The message being read and its lines so far; the lines before the first message. */
  const open: { msg: Message | null; lines: string[] } = { msg: null, lines: [] };
  const start = (msg: Message | null, first: string[]) => {
    const text = tidy(open.lines);
    if (open.msg) entries.push({ ...open.msg, text });
    else if (text) entries.push({ t: 'text', text });
    open.msg = msg;
    open.lines = first;
  };
  for (const [i, line] of trimmed.entries()) {
    const oneLine = oneLineMessageOf(line);
    if (oneLine) {
      start(oneLine, [oneLine.text]);
      continue;
    }
    const header = line === '' ? null : headerOf(line);
    // A header right under a header is that message's text; so is one with nothing after it.
    const underHeader = open.msg !== null && open.lines.every((l) => l === '');
    if (header && !underHeader && i < lastLine && (!blankSeparated || i === firstLine || blankBefore(i))) {
      start({ t: 'msg', speaker: header.name, date: header.date, time: header.time, text: '' }, []);
      continue;
    }
    open.lines.push(lines[i]!.trimEnd());
  }
  start(null, []);
  return entries.some((e) => e.t === 'msg') ? entries : null;
}

/** Every line "Name: text", someone speaking twice, two people at least: a conversation. */
function namedLines(lines: string[]): ChatEntry[] | null {
  const said = lines.filter((l) => l.trim() !== '').map((l) => NAMED.exec(l.trim())?.groups);
  if (said.length < 3 || said.some((g) => !g || NOT_IN_NAME.test(g.name!))) return null;
  const speakers = new Set(said.map((g) => g!.name!.trim()));
  if (speakers.size < 2 || speakers.size === said.length) return null;
  return said.map((g) => ({ t: 'msg', speaker: g!.name!.trim(), date: null, time: null, text: g!.text! }));
}

/** A message's lines without the blank ones around them. */
function tidy(lines: string[]): string {
  return lines.join('\n').replace(/^\n+|\s+$/g, '');
}

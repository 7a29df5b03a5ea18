/*
 * The words of search, for Chinese and English alike. Chinese is written without spaces, so a
 * run of Han (or kana) characters is indexed by its character bigrams: "客户报价" holds 客户, 户报,
 * 报价, and a query of any two characters of it finds it whatever a segmenter would have made of
 * the sentence. The last character of each run is kept on its own too, so that a one-character
 * query finds it (every other character starts a bigram). Latin letters and digits make words,
 * folded to lower case (NFKC first: full-width ＡＢＣ１２ is ABC12), matched by prefix.
 *
 * Terms live in partitions (the index's unit of storage, client/search/index.ts): a Chinese term
 * in the partition of its first character, a word in that of its first two letters. A query then
 * reads one partition per term, and a one-character query reads the partition of that character.
 */

/** One character of the CJK scripts indexed by bigrams: Han (with its extensions) and kana. */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3134f)
  );
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Whether a code point belongs in a word: ASCII letters and digits at once, other scripts by Unicode class. */
function isWordChar(code: number, char: string): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  return !isCjk(code) && LETTER_OR_DIGIT.test(char);
}

/** Text as search compares it, with where each of its code units came from in the original. */
export interface FoldedText {
  text: string;
  /** For each code unit of `text`, the index of the code unit of the original it came from. */
  from: number[];
}

/** Full-width forms made plain (NFKC) and lower case, keeping the way back to the original's positions. */
export function fold(original: string): FoldedText {
  // The common case, nothing that NFKC or lower-casing changes in length: one pass, no map needed.
  const simple = original.normalize('NFKC').toLowerCase();
  if (simple.length === original.length) {
    const from = new Array<number>(simple.length);
    for (let i = 0; i < simple.length; i++) from[i] = i;
    return { text: simple, from };
  }
  let text = '';
  const from: number[] = [];
  for (let i = 0; i < original.length;) {
    const code = original.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const folded = original
      .slice(i, i + width)
      .normalize('NFKC')
      .toLowerCase();
    text += folded;
    for (let k = 0; k < folded.length; k++) from.push(i);
    i += width;
  }
  return { text, from };
}

/** A run of text search treats as one unit: a word, or a run of CJK characters. */
export interface Run {
  kind: 'word' | 'cjk';
  /** Folded (see `fold`). */
  text: string;
  /** Where it starts in the folded text. */
  at: number;
}

/** The words and CJK runs of folded text, in order. */
export function runsOf(folded: string): Run[] {
  const runs: Run[] = [];
  let kind: Run['kind'] | null = null;
  let start = 0;
  const close = (end: number) => {
    if (kind) runs.push({ kind, text: folded.slice(start, end), at: start });
    kind = null;
  };
  for (let i = 0; i < folded.length;) {
    const code = folded.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const here: Run['kind'] | null = isCjk(code) ? 'cjk' : isWordChar(code, folded.slice(i, i + width)) ? 'word' : null;
    if (here !== kind) {
      close(i);
      if (here) {
        kind = here;
        start = i;
      }
    }
    i += width;
  }
  close(folded.length);
  return runs;
}

/** The code points of a string, surrogate pairs kept whole. */
const charsOf = (text: string) => Array.from(text);

/** Longest word kept whole in the index: past it, a word is indexed by its first characters (prefix match still works). */
export const MAX_WORD = 24;

/** Every term of a text, once each: words, CJK bigrams and the last character of each CJK run. */
export function termsOf(original: string): Set<string> {
  const terms = new Set<string>();
  for (const run of runsOf(fold(original).text)) {
    if (run.kind === 'word') {
      terms.add(run.text.length > MAX_WORD ? run.text.slice(0, MAX_WORD) : run.text);
      continue;
    }
    const chars = charsOf(run.text);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
    terms.add(chars[chars.length - 1]!);
  }
  return terms;
}

/** The partition a term is stored in: its first CJK character, or a word's first two characters. */
export function partitionOf(term: string): string {
  const first = term.codePointAt(0)!;
  if (isCjk(first)) return String.fromCodePoint(first);
  return charsOf(term).slice(0, 2).join('');
}

/** What one query term asks of the index: the terms of `part` equal to, or starting with, `text`. */
export interface IndexProbe {
  part: string;
  text: string;
  prefix: boolean;
}

/** A query, split into what the index is asked and what a found text must then hold. */
export interface ParsedQuery {
  /** Each must match (AND). */
  probes: IndexProbe[];
  /** Folded CJK runs a text must contain as they are. */
  phrases: string[];
  /** Folded words some word of the text must start with. */
  prefixes: string[];
}

/**
 * Bigrams asked of the index per CJK run at most (its first and last: for four characters they
 * cover it all); the whole run is then checked in each candidate's text. Each probe reads a
 * partition across every segment, so fewer probes are a faster query.
 */
const MAX_PROBES_PER_RUN = 2;

/**
 * A query in the user's words. Words shorter than two letters say too little to search by
 * (every note has an "a"), unless they are all there is; CJK runs of any length count.
 */
export function parseQuery(query: string): ParsedQuery {
  const runs = runsOf(fold(query.slice(0, 200)).text);
  const parsed: ParsedQuery = { probes: [], phrases: [], prefixes: [] };
  for (const run of runs) {
    if (run.kind === 'word') {
      if (run.text.length < 2) continue;
      const word = run.text.slice(0, MAX_WORD);
      parsed.prefixes.push(word);
      parsed.probes.push({ part: partitionOf(word), text: word, prefix: true });
      continue;
    }
    parsed.phrases.push(run.text);
    const chars = charsOf(run.text);
    if (chars.length === 1) {
      parsed.probes.push({ part: chars[0]!, text: chars[0]!, prefix: true });
      continue;
    }
    const bigrams = chars.slice(0, -1).map((c, i) => c + chars[i + 1]!);
    // Spread over the run, first and last always: the phrase check does the rest.
    const picked = new Set<number>();
    const wanted = Math.min(MAX_PROBES_PER_RUN, bigrams.length);
    for (let k = 0; k < wanted; k++) picked.add(wanted === 1 ? 0 : Math.round((k * (bigrams.length - 1)) / (wanted - 1)));
    for (const i of picked) parsed.probes.push({ part: partitionOf(bigrams[i]!), text: bigrams[i]!, prefix: false });
  }
  return parsed;
}

/** Where a query's phrases and words appear in a text, as [start, end) of the original: empty unless it holds them all. */
export function matchesIn(original: string, query: ParsedQuery): [number, number][] {
  const { text, from } = fold(original);
  const spans: [number, number][] = [];
  const back = (start: number, end: number): [number, number] => [from[start]!, end >= from.length ? original.length : from[end]!];
  for (const phrase of query.phrases) {
    let found = false;
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) {
      spans.push(back(at, at + phrase.length));
      found = true;
    }
    if (!found) return [];
  }
  if (query.prefixes.length > 0) {
    const words = runsOf(text).filter((r) => r.kind === 'word');
    for (const prefix of query.prefixes) {
      let found = false;
      for (const word of words) {
        if (!word.text.startsWith(prefix)) continue;
        spans.push(back(word.at, word.at + prefix.length));
        found = true;
      }
      if (!found) return [];
    }
  }
  return mergeSpans(spans);
}

/** Spans sorted and overlapping ones joined. */
function mergeSpans(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

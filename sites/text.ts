/** Finding addresses and phone numbers in page text. Shared by the site adapters. */

const EMAIL_IN_TEXT = /[a-z0-9._%+-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}/gi;

/** Every email address in `text`, lower-cased, in order, without repeats. */
export function emailsIn(text: string): string[] {
  return [...new Set((text.match(EMAIL_IN_TEXT) ?? []).map((e) => e.toLowerCase()))];
}

// Chinese mobiles (1[3-9] + 9 digits, optionally +86 and separators), Chinese landlines
// (0 + 2–3 digit area code + 7–8 digits) and international numbers written with a leading +.
const PHONE_PATTERNS = [
  /(?<![\d])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d])/g,
  /(?<![\d])0\d{2,3}[\s-]\d{7,8}(?![\d])/g,
  /(?<![\d\w])\+[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\d])/g,
];

/** Phone numbers in `text`, as written (trimmed), in order, without repeats. */
export function phonesIn(text: string): string[] {
  const found: { at: number; value: string }[] = [];
  for (const pattern of PHONE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (!found.some((f) => m.index! < f.at + f.value.length && f.at < m.index! + m[0].length))
        found.push({ at: m.index!, value: m[0].trim() });
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.value))];
}

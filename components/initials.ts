/** A person's initials for a small badge: "Ana Souza" → "AS"; Chinese names by their given name, "王小明" → "小明". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Chinese names read best as their last one or two characters (the given name).
  if (words.length === 1 && /[\u3400-\u9fff]/.test(words[0]!)) return words[0]!.slice(-2);
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? words[words.length - 1]![0] : '')).toUpperCase() || '?';
}

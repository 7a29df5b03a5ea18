/**
 * A site adapter's CSS selectors as data the team's server can override without a release: when
 * a host changes its markup, an admin publishes a selector file naming e.g. `outlook.readingPane`,
 * the background hands it to the page, and the adapter reads with it at once (data only, never
 * code, as Manifest V3 requires). Each key holds a list of selectors.
 */

/** A site's selectors by key, each a list: any of them may match, in the order given. */
export type SelectorTable<K extends string = string> = Readonly<Record<K, readonly string[]>>;

export type Selectors<K extends string> = {
  /** A key's selectors as one selector list (`a, b`), for a query that takes what any of them matches. */
  readonly [P in K]: string;
} & {
  /** A key's selectors one by one, in order, for when the first that matches wins. */
  readonly list: SelectorTable<K>;
  /** What this build ships with: the server checks a published file's keys against it. */
  readonly builtIn: SelectorTable<K>;
  /**
   * Puts the team's selectors in place of the built-in ones, key by key; keys the table does not
   * name (or names with nothing this browser can parse) go back to the built-in ones, and keys
   * this build does not know are ignored. True when anything changed.
   */
  override(table: Readonly<Record<string, readonly string[]>>, doc: Document): boolean;
};

/** Whether this browser's selector engine accepts `selector`: a bad one from the server must never throw mid-detection. */
function parses(selector: string, doc: Document): boolean {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** An adapter's selectors, overridable by key (see `Selectors`). */
export function selectorTable<K extends string>(builtIn: SelectorTable<K>): Selectors<K> {
  const keys = Object.keys(builtIn) as K[];
  let current: SelectorTable<K> = builtIn;
  let joined = new Map<K, string>();
  const table = {
    builtIn,
    get list() {
      return current;
    },
    override(overrides: Readonly<Record<string, readonly string[]>>, doc: Document): boolean {
      const next = { ...builtIn } as Record<K, readonly string[]>;
      for (const key of keys) {
        const valid = Object.hasOwn(overrides, key) ? overrides[key]!.filter((s) => parses(s, doc)) : [];
        if (valid.length) next[key] = valid;
      }
      if (keys.every((key) => next[key].join('\n') === current[key].join('\n'))) return false;
      current = next;
      joined = new Map();
      return true;
    },
  };
  for (const key of keys) {
    Object.defineProperty(table, key, {
      enumerable: true,
      get: () => {
        let css = joined.get(key);
        if (css === undefined) joined.set(key, (css = current[key].join(', ')));
        return css;
      },
    });
  }
  return table as Selectors<K>;
}

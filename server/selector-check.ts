import { parse, type Selector } from 'css-what';
import type { SelectorFile } from '../model/selectors';
import { SELECTOR_CATALOG } from '../sites/catalog';

/**
 * Pseudo-classes Chromium's `querySelector` accepts (css-what parses any name, and more syntax
 * than browsers do): anything else would throw in the page, or never match.
 */
const PSEUDO_CLASSES = new Set([
  'active',
  'any-link',
  'checked',
  'default',
  'defined',
  'dir',
  'disabled',
  'empty',
  'enabled',
  'first-child',
  'first-of-type',
  'focus',
  'focus-visible',
  'focus-within',
  'has',
  'hover',
  'in-range',
  'indeterminate',
  'invalid',
  'is',
  'lang',
  'last-child',
  'last-of-type',
  'link',
  'not',
  'nth-child',
  'nth-last-child',
  'nth-last-of-type',
  'nth-of-type',
  'only-child',
  'only-of-type',
  'optional',
  'out-of-range',
  'placeholder-shown',
  'read-only',
  'read-write',
  'required',
  'root',
  'scope',
  'target',
  'valid',
  'visited',
  'where',
]);

/** css-what's extensions that no browser parses: `a < b`, `a || b`, `[a!=b]`. */
function extensionIn(token: Selector): string | null {
  if (token.type === 'parent' || token.type === 'column-combinator') return 'a combinator browsers do not support';
  if (token.type === 'attribute' && token.action === 'not') return 'the `!=` attribute test, which browsers do not support';
  if (token.type === 'pseudo-element') return `the pseudo-element ::${token.name}, which never matches an element`;
  if (token.type === 'pseudo') {
    if (!PSEUDO_CLASSES.has(token.name)) return `the pseudo-class :${token.name}, which browsers do not support`;
    if (Array.isArray(token.data))
      for (const group of token.data) for (const inner of group) if (extensionIn(inner)) return extensionIn(inner);
  }
  return null;
}

/** Why a browser would refuse `selector`, or null when it parses (as far as the server can tell). */
export function selectorProblem(selector: string): string | null {
  let groups: Selector[][];
  try {
    groups = parse(selector);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const combinators = new Set(['child', 'descendant', 'sibling', 'adjacent', 'parent', 'column-combinator']);
  for (const group of groups) {
    // css-what takes `div >` and `> div`; a browser's querySelector takes neither.
    if (!group.length || combinators.has(group[0]!.type) || combinators.has(group[group.length - 1]!.type))
      return 'it starts or ends with a combinator';
    for (const token of group) {
      const problem = extensionIn(token);
      if (problem) return `it uses ${problem}`;
    }
  }
  return null;
}

/**
 * What is wrong with a selector file, in words an admin can act on ("outlook.readingPan is not a
 * selector key of outlook; it has: readingPane, subject, …"), or null when every site, key and
 * selector is one this build knows and browsers parse.
 */
export function selectorFileProblem(file: SelectorFile): string | null {
  for (const [site, keys] of Object.entries(file.sites)) {
    const builtIn = SELECTOR_CATALOG[site];
    if (!builtIn) return `${site} is not a site adapter; there are: ${Object.keys(SELECTOR_CATALOG).join(', ')}.`;
    for (const [key, selectors] of Object.entries(keys)) {
      if (!Object.hasOwn(builtIn, key))
        return `${site}.${key} is not a selector key of ${site}; it has: ${Object.keys(builtIn).join(', ')}.`;
      for (const selector of selectors) {
        const problem = selectorProblem(selector);
        if (problem) return `${site}.${key}: the selector ${JSON.stringify(selector)} is not valid CSS (${problem}).`;
      }
    }
  }
  return null;
}

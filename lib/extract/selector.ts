import { load } from 'cheerio';
import { parse, SelectorType } from 'css-what';

/** css-what also parses jQuery-era extensions that no browser knows; a rule using one is almost surely a mistake. */
const NON_STANDARD: ReadonlySet<string> = new Set([SelectorType.Parent, SelectorType.ColumnCombinator]);
const emptyDocument = load('');

/** Why a rule's selector cannot be used, or null when it is a CSS selector the extractor can run. */
export function selectorProblem(selector: string): string | null {
  try {
    const odd = parse(selector).flat().find((token) => NON_STANDARD.has(token.type));
    if (odd) return `it uses a ${odd.type} combinator, which is not CSS`;
    // Compiles it as the extractor will: css-what accepts pseudo-classes that css-select does not support.
    emptyDocument.root().find(selector);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

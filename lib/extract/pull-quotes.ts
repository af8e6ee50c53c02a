/**
 * Pull quotes: a block quote that repeats words of the body in large type. The words come in the same order
 * but not always verbatim — '"You stopped hearing it," she said. "What woke you …"' is pulled out as "You
 * stopped hearing it. What woke you …" — so a quote counts as pulled when its words run through a nearby
 * paragraph with only a few others in between.
 */
import { blockText, type Block } from './content-blocks';
import { wordTokens } from './text';

/** Shorter quotes ("Yes.") can repeat the body by chance. */
const MIN_WORDS = 5;
/** Words of the paragraph the quote's words may be spread over, per word of the quote. */
const MAX_SPREAD = 1.5;

function runsThrough(quote: string[], paragraph: string[]): boolean {
  const maxSpan = Math.ceil(quote.length * MAX_SPREAD);
  for (let start = 0; start + quote.length <= paragraph.length; start++) {
    if (paragraph[start] !== quote[0]) continue;
    let matched = 1;
    const end = Math.min(paragraph.length, start + maxSpan);
    for (let i = start + 1; i < end && matched < quote.length; i++) if (paragraph[i] === quote[matched]) matched++;
    if (matched === quote.length) return true;
  }
  return false;
}

/** Blocks either side searched for the quoted paragraph: a pull quote sits beside its source, a forum post's quote of an earlier post does not. */
const NEIGHBOURHOOD = 3;

const paragraphWords = (block: Block | undefined) => (block?.kind === 'paragraph' ? wordTokens(blockText(block)) : []);

function isPullQuote(blocks: Block[], index: number): boolean {
  const quote = wordTokens(blockText(blocks[index]));
  if (quote.length < MIN_WORDS) return false;
  for (let distance = 1; distance <= NEIGHBOURHOOD; distance++) {
    if (runsThrough(quote, paragraphWords(blocks[index - distance])) || runsThrough(quote, paragraphWords(blocks[index + distance]))) return true;
  }
  return false;
}

export function withoutPullQuotes(blocks: Block[]): Block[] {
  return blocks.filter((block, index) => block.kind !== 'quote' || !isPullQuote(blocks, index));
}

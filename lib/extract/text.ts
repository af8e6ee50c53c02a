import { isElement, isInlineTag, isText, type AnyNode } from './dom';

const WHITESPACE = /[\s\u200b]+/g;

export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE, ' ').trim();
}

/** Characters a reader sees, ignoring whitespace; the unit of every length in the scorer. */
export function visibleLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 32 && code !== 160 && code !== 0x200b && code !== 0x3000) count++;
  }
  return count;
}

const NON_TEXT_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'svg', 'math']);

/** Text of a subtree as a reader would see it: blocks separated by spaces, scripts and styles left out. */
export function readableText(node: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (isText(current)) {
      parts.push(current.data);
    } else if (isElement(current)) {
      if (NON_TEXT_TAGS.has(current.name)) continue;
      if (!isInlineTag(current.name) || current.name === 'br') parts.push(' ');
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
    } else if ('children' in current) {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
    }
  }
  return collapseWhitespace(parts.join(''));
}

// Scripts written without spaces count one token per character; everything else splits on non-word characters.
const WORD_TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;

export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD_TOKEN) ?? [];
}

/** The start of a byline: "By …", "Words by …", "Von …", "Par …". */
export const BYLINE_START =
  /^(?:(?:written|words|posted|story|interview|essay|review|report|reporting|text|photos?|edited)\s+)?(?:by|von|par|por|door|di|af|av)\s+/i;

/** A sentence ending: punctuation followed by a space, the end, a closing quote or a new sentence. */
export const SENTENCE_END = /[.!?。！？](?=$|\s|["'”’»)\]]|\p{Lu})/u;

export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * Sentence and word splitting shared by the token budget and the extractive summary. Uses the
 * ICU segmenter built into Node, which handles punctuation of most scripts (including CJK).
 */
const sentenceSegmenter = new Intl.Segmenter('und', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** "Dr.", "Mr.", "St." — ICU ends a sentence after them when a capital follows. */
const ABBREVIATION = /^\p{L}{1,3}\.$/u;

/** Sentences in order, trimmed, without empty ones. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let pending = '';
  for (const { segment } of sentenceSegmenter.segment(text)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    if (ABBREVIATION.test(sentence)) {
      pending += `${sentence} `;
      continue;
    }
    sentences.push(pending + sentence);
    pending = '';
  }
  if (pending) sentences.push(pending.trim());
  return sentences;
}

/** Offset where the last sentence of `text` starts (0 when there is only one). */
export function lastSentenceStart(text: string): number {
  let start = 0;
  for (const segment of sentenceSegmenter.segment(text)) start = segment.index;
  return start;
}

/** Letters/digits with inner apostrophes ("city's"); fast, but sees a run of CJK text as one word. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const SPACELESS_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * Lower-cased words, punctuation and spaces dropped. Runs in scripts written without spaces go
 * through the ICU word segmenter (dictionary based); the regex alone is far faster for the rest.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const [run] of text.matchAll(WORD)) {
    if (!SPACELESS_SCRIPT.test(run)) {
      words.push(run.toLowerCase());
      continue;
    }
    for (const segment of wordSegmenter.segment(run)) {
      if (segment.isWordLike) words.push(segment.segment.toLowerCase());
    }
  }
  return words;
}

/** At most `maxChars` characters, cut at a word when one ends in the second half, marked with "…". */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const wordEnd = text.lastIndexOf(' ', maxChars - 1);
  return `${text.slice(0, wordEnd > maxChars / 2 ? wordEnd : maxChars - 1)}…`;
}

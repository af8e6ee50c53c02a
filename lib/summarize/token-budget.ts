import { lastSentenceStart } from './text-segments';

/**
 * Token estimate without a tokenizer, deliberately on the high side so a prompt that "fits" does
 * fit: ASCII ≈ 4 characters per token, CJK/Hangul/Kana ≈ 1 character per token, any other
 * character ≈ 2 per token (accented Latin, Cyrillic, Greek, Arabic… tokenize worse than English).
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const char of text) tokens += characterTokens(char.codePointAt(0)!);
  return Math.ceil(tokens);
}

function characterTokens(codePoint: number): number {
  if (codePoint < 0x80) return 0.25;
  if (isWideScript(codePoint)) return 1;
  return 0.5;
}

function isWideScript(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) || // CJK radicals, Kana, CJK ideographs
    (codePoint >= 0xac00 && codePoint <= 0xd7af) || // Hangul syllables
    (codePoint >= 0xf900 && codePoint <= 0xfaff) || // CJK compatibility ideographs
    (codePoint >= 0x20000 && codePoint <= 0x3ffff) // CJK extensions
  );
}

/** Chat formatting costs a few tokens per message on top of the content (OpenAI's cookbook figure). */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PRIMING_REPLY = 3;

export function estimateMessagesTokens(messages: ReadonlyArray<{ content: string }>): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + estimateTokens(message.content), TOKENS_PRIMING_REPLY);
}

/** Appended to cut text so the model knows the page goes on. */
export const TRUNCATION_MARKER = '\n[… truncated]';

/** A boundary earlier than this share of the allowed length wastes too much budget; cut at a word instead. */
const MIN_KEPT_SHARE = 0.5;

export interface BudgetedText {
  text: string;
  truncated: boolean;
}

/**
 * Cuts `text` to at most `maxTokens` (marker included), preferring the end of a paragraph, then of
 * a sentence, then of a word.
 */
export function truncateToTokenBudget(text: string, maxTokens: number): BudgetedText {
  if (estimateTokens(text) <= maxTokens) return { text, truncated: false };
  const available = maxTokens - estimateTokens(TRUNCATION_MARKER);
  if (available <= 0) return { text: '', truncated: true };

  const prefix = text.slice(0, hardCutIndex(text, available));
  const cut = preferredCut(prefix);
  return { text: prefix.slice(0, cut).trimEnd() + TRUNCATION_MARKER, truncated: true };
}

/** Length of the longest prefix whose estimate stays within `maxTokens`. */
function hardCutIndex(text: string, maxTokens: number): number {
  let tokens = 0;
  let index = 0;
  for (const char of text) {
    tokens += characterTokens(char.codePointAt(0)!);
    if (Math.ceil(tokens) > maxTokens) break;
    index += char.length;
  }
  return index;
}

function preferredCut(prefix: string): number {
  const minimum = prefix.length * MIN_KEPT_SHARE;
  const candidates = [prefix.lastIndexOf('\n\n'), lastSentenceStart(prefix), prefix.search(/\s\S*$/)];
  return candidates.find((index) => index >= minimum) ?? prefix.length;
}

import { extractiveSummary } from './extractive';
import { createOpenAIChatModel } from './llm';
import { summarizeWithModel } from './map-reduce';
import { NO_TEXT_CONTENT, pagesWithText } from './page-text';
import type { SummarizeOptions, Summarizer, SummarizerConfig, SummaryPage, SummaryResult } from './types';

export type { SummarizeOptions, Summarizer, SummarizerConfig, SummaryCache, SummaryLength, SummaryPage, SummaryResult } from './types';
export { SummarizerFailure, type SummarizerFailureType } from './errors';
export { estimateTokens } from './token-budget';
export { NO_TEXT_CONTENT } from './page-text';

/** Below this the prompt scaffolding (instructions, URL, title) leaves too little room for page text. */
export const MIN_INPUT_TOKENS = 1024;

export const EXTRACTIVE_NOTE = 'no OPENAI_API_KEY: local extractive summary';
const NO_TEXT_NOTE = 'no page had text content; nothing was summarized';

/**
 * With `apiKey` the summary comes from a chat model (OpenAI or any compatible server); without,
 * it is a local extractive summary. Model failures are thrown as `SummarizerFailure`; an aborted
 * `signal` rejects with its reason.
 */
export function createSummarizer(config: SummarizerConfig): Summarizer {
  assertValidConfig(config);
  const apiKey = config.apiKey?.trim();
  if (!apiKey) return extractiveSummarizer;

  const chat = createOpenAIChatModel({ apiKey, baseURL: config.baseURL, timeoutMs: config.timeoutMs });
  return {
    method: 'llm',
    async summarize(pages: SummaryPage[], options: SummarizeOptions): Promise<SummaryResult> {
      options.signal?.throwIfAborted();
      const withText = pagesWithText(pages);
      if (withText.length === 0) return noTextResult('llm');

      const model = options.model ?? config.model;
      const { text, truncated } = await summarizeWithModel(withText, {
        chat,
        model,
        length: options.length,
        maxInputTokens: config.maxInputTokens,
        signal: options.signal,
        cache: options.cache,
      });
      return { text, method: 'llm', model, pages: withText.length, truncated };
    },
  };
}

const extractiveSummarizer: Summarizer = {
  method: 'extractive',
  async summarize(pages, options) {
    options.signal?.throwIfAborted();
    const withText = pagesWithText(pages);
    if (withText.length === 0) return { ...noTextResult('extractive'), note: EXTRACTIVE_NOTE };
    const text = extractiveSummary(withText, options.length);
    return { text, method: 'extractive', model: null, pages: withText.length, truncated: false, note: EXTRACTIVE_NOTE };
  },
};

function noTextResult(method: SummaryResult['method']): SummaryResult {
  return { text: NO_TEXT_CONTENT, method, model: null, pages: 0, truncated: false, note: NO_TEXT_NOTE };
}

function assertValidConfig(config: SummarizerConfig): void {
  if (!Number.isInteger(config.timeoutMs) || config.timeoutMs <= 0) {
    throw new RangeError(`summarizer timeoutMs must be a positive integer, got ${config.timeoutMs}`);
  }
  if (!Number.isInteger(config.maxInputTokens) || config.maxInputTokens < MIN_INPUT_TOKENS) {
    throw new RangeError(`summarizer maxInputTokens must be an integer of at least ${MIN_INPUT_TOKENS}, got ${config.maxInputTokens}`);
  }
  if (!config.model?.trim()) throw new RangeError('summarizer model must be a non-empty string');
}

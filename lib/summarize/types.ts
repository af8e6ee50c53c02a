export interface SummaryPage {
  url: string;
  title: string | null;
  text: string;
}

export type SummaryLength = 'short' | 'medium' | 'long';

export interface SummaryResult {
  text: string;
  method: 'llm' | 'extractive';
  /** The model asked, or null when no model was involved (extractive summary, or nothing to summarise). */
  model: string | null;
  /** Pages whose text went into the summary (pages without text are skipped). */
  pages: number;
  /** Some input was cut to fit the token budget. */
  truncated: boolean;
  note?: string;
}

/**
 * Storage for partial (per-page and intermediate) summaries, provided by the caller so that a
 * retried call never asks the model twice for the same page.
 */
export interface SummaryCache {
  get(key: string): Promise<string | null>;
  set(key: string, text: string): Promise<void>;
}

export interface SummarizerConfig {
  /** Without a key the summarizer works locally (extractive). */
  apiKey?: string;
  /** Any OpenAI-compatible server (OpenAI, Ollama, vLLM…). */
  baseURL?: string;
  model: string;
  /** Per model call. */
  timeoutMs: number;
  /** Per model call, estimated with `estimateTokens`. At least `MIN_INPUT_TOKENS`. */
  maxInputTokens: number;
}

export interface SummarizeOptions {
  length: SummaryLength;
  /** Overrides `SummarizerConfig.model` for this call. */
  model?: string;
  signal?: AbortSignal;
  cache?: SummaryCache;
}

export interface Summarizer {
  summarize(pages: SummaryPage[], options: SummarizeOptions): Promise<SummaryResult>;
  readonly method: 'llm' | 'extractive';
}

import { combinedSummaryKey, pageSummaryKey } from './cache-key';
import type { ChatModel } from './llm';
import { mapWithLimit } from './map-with-limit';
import { buildCombineMessages, buildPagesMessages, pageSource, type ChatMessage, type SummaryPiece } from './prompts';
import { estimateMessagesTokens, truncateToTokenBudget } from './token-budget';
import type { SummaryCache, SummaryLength, SummaryPage } from './types';

/** More pages than this are summarised one by one even if they would fit one prompt: long prompts of many pages get skimmed. */
export const MAX_PAGES_PER_SINGLE_CALL = 5;
/** Model calls in flight at once during the map and intermediate combine steps. */
export const MODEL_CALL_CONCURRENCY = 4;

export interface ModelSummaryRequest {
  chat: ChatModel;
  model: string;
  length: SummaryLength;
  /** Per model call, messages included. */
  maxInputTokens: number;
  signal?: AbortSignal;
  cache?: SummaryCache;
}

export interface ModelSummary {
  text: string;
  truncated: boolean;
}

/**
 * Summarises pages (already normalised, each with text) with as few model calls as the budget
 * allows: one call when the pages fit together; otherwise each page alone (map), then the page
 * summaries combined (reduce), in several rounds if they do not fit one prompt. Every partial
 * summary goes through the cache; the final answer does not (the caller stores it).
 */
export async function summarizeWithModel(pages: readonly SummaryPage[], request: ModelSummaryRequest): Promise<ModelSummary> {
  const run = new SummaryRun(request);
  const text = await run.summarize(pages);
  return { text, truncated: run.truncated };
}

interface Piece extends SummaryPiece {
  firstPage: number;
  lastPage: number;
}

class SummaryRun {
  truncated = false;

  constructor(private readonly request: ModelSummaryRequest) {}

  async summarize(pages: readonly SummaryPage[]): Promise<string> {
    if (pages.length === 1) return this.complete(buildPagesMessages([this.fitPage(pages[0])], this.request.length));

    const together = buildPagesMessages(pages, this.request.length);
    if (pages.length <= MAX_PAGES_PER_SINGLE_CALL && this.fits(together)) return this.complete(together);

    const pieces = await mapWithLimit(pages, MODEL_CALL_CONCURRENCY, (page, index) => this.summarizePage(page, index));
    return this.combine(pieces);
  }

  private async summarizePage(page: SummaryPage, index: number): Promise<Piece> {
    const fitted = this.fitPage(page);
    const { model, length } = this.request;
    const text = await this.completeCached(pageSummaryKey(model, length, fitted), buildPagesMessages([fitted], length));
    return { source: pageSource(page), text, firstPage: index + 1, lastPage: index + 1 };
  }

  private async combine(pieces: Piece[]): Promise<string> {
    const { length } = this.request;
    for (;;) {
      const final = buildCombineMessages(pieces, length, true);
      if (this.fits(final)) return this.complete(final);
      if (pieces.length === 1) return this.complete(buildCombineMessages([this.fitPiece(pieces[0], this.combineRoom())], length, true));

      const batches = this.packBatches(pieces);
      if (batches.length === pieces.length) throw new Error('summary pieces do not shrink: token budget too small for the combine prompt');
      pieces = await mapWithLimit(batches, MODEL_CALL_CONCURRENCY, (batch) => this.combinePartially(batch));
    }
  }

  private async combinePartially(batch: Piece[]): Promise<Piece> {
    if (batch.length === 1) return batch[0];
    const { model, length } = this.request;
    const text = await this.completeCached(combinedSummaryKey(model, length, batch), buildCombineMessages(batch, length, false));
    const firstPage = batch[0].firstPage;
    const lastPage = batch[batch.length - 1].lastPage;
    return { source: `summary of pages ${firstPage}–${lastPage} of the crawl`, text, firstPage, lastPage };
  }

  /**
   * Consecutive pieces grouped so each group fits one combine prompt. Each piece is first cut to
   * half the room, so every group takes at least two and each round shrinks the list.
   */
  private packBatches(pieces: Piece[]): Piece[][] {
    const room = this.combineRoom();
    const maxPieceCost = Math.floor(room / 2);
    const batches: Piece[][] = [];
    let batch: Piece[] = [];
    let batchCost = 0;
    for (const original of pieces) {
      const piece = this.fitPiece(original, maxPieceCost);
      const pieceCost = this.pieceCost(piece);
      if (batch.length > 0 && batchCost + pieceCost > room) {
        batches.push(batch);
        batch = [];
        batchCost = 0;
      }
      batch.push(piece);
      batchCost += pieceCost;
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
  }

  /** Tokens left for pieces in a combine prompt (final or intermediate, whichever is longer). */
  private combineRoom(): number {
    const { length, maxInputTokens } = this.request;
    const overhead = Math.max(
      estimateMessagesTokens(buildCombineMessages([], length, false)),
      estimateMessagesTokens(buildCombineMessages([], length, true)),
    );
    return maxInputTokens - overhead;
  }

  /** What one piece adds to a combine prompt. +1: the count in the task sentence can gain a digit, and estimates round up per message. */
  private pieceCost(piece: SummaryPiece): number {
    const { length } = this.request;
    return estimateMessagesTokens(buildCombineMessages([piece], length, false)) - estimateMessagesTokens(buildCombineMessages([], length, false)) + 1;
  }

  private fitPiece(piece: Piece, maxCost: number): Piece {
    if (this.pieceCost(piece) <= maxCost) return piece;
    // -1 absorbs rounding: the text's own estimate and the message's are rounded separately.
    const fitted = truncateToTokenBudget(piece.text, maxCost - this.pieceCost({ ...piece, text: '' }) - 1);
    this.truncated = true;
    return { ...piece, text: fitted.text };
  }

  private fitPage(page: SummaryPage): SummaryPage {
    const overhead = estimateMessagesTokens(buildPagesMessages([{ ...page, text: '' }], this.request.length));
    const fitted = truncateToTokenBudget(page.text, this.request.maxInputTokens - overhead);
    if (fitted.truncated) this.truncated = true;
    return { ...page, text: fitted.text };
  }

  private fits(messages: ChatMessage[]): boolean {
    return estimateMessagesTokens(messages) <= this.request.maxInputTokens;
  }

  private async completeCached(key: string, messages: ChatMessage[]): Promise<string> {
    const { cache, signal } = this.request;
    signal?.throwIfAborted();
    const cached = await cache?.get(key);
    if (cached != null) return cached;
    const text = await this.complete(messages);
    await cache?.set(key, text);
    return text;
  }

  private complete(messages: ChatMessage[]): Promise<string> {
    const { chat, model, signal } = this.request;
    signal?.throwIfAborted();
    return chat.complete(model, messages, signal);
  }
}

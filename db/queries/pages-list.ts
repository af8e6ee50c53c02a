import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../client';
import { extractions, pages } from '../schema';

export interface PageListParams { scrapeId: string; limit: number; after?: number }

/** A scrape's pages in discovery order with their extraction, keyset-paginated on the page id. */
export async function listPagesWithExtractions(db: Database, params: PageListParams) {
  return db
    .select({
      page: {
        id: pages.id, url: pages.url, finalUrl: pages.finalUrl, depth: pages.depth, status: pages.status, httpStatus: pages.httpStatus,
        contentType: pages.contentType, contentHash: pages.contentHash, bodyBytes: pages.bodyBytes, fetchedAt: pages.fetchedAt, error: pages.error,
      },
      extraction: {
        pageId: extractions.pageId, title: extractions.title, description: extractions.description, lang: extractions.lang,
        canonicalUrl: extractions.canonicalUrl, metadata: extractions.metadata, structured: extractions.structured, fields: extractions.fields,
        validationStatus: extractions.validationStatus, validationErrors: extractions.validationErrors, links: extractions.links,
        articleBody: extractions.articleBody, markdown: extractions.markdown,
      },
    })
    .from(pages)
    .leftJoin(extractions, eq(extractions.pageId, pages.id))
    .where(and(eq(pages.scrapeId, params.scrapeId), params.after === undefined ? undefined : gt(pages.id, params.after)))
    .orderBy(asc(pages.id))
    .limit(params.limit);
}

import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { normalizeUrl } from '../../lib/http';
import { listPagesWithExtractions } from '../../db/queries/pages-list';
import { getScrape, listScrapes } from '../../db/queries/scrapes';
import { runs, summaries } from '../../db/schema';
import { SCRAPE_SUMMARY_SCOPE } from '../../activities/summarize';
import { decodeCursor, encodeCursor } from '../cursor';
import type { ApiDeps, AppEnv } from '../deps';
import { ApiError, notFound } from '../errors';
import { assertScrapeRequestUsable } from './scrape-request-checks';
import { scrapeView } from './scrape-view';
import type {
  cancelScrapeRoute, createScrapeRoute, getScrapeRoute, getSummaryRoute, listPagesRoute, listScrapesRoute,
} from './scrapes.routes';
import { startScrape } from './start-scrape';

type Handler<R extends Parameters<typeof import('@hono/zod-openapi').createRoute>[0]> = RouteHandler<R, AppEnv>;

export function scrapeHandlers(deps: ApiDeps) {
  const requireScrape = async (tenantId: string, id: string) => {
    const row = await getScrape(deps.db, tenantId, id);
    if (!row) throw notFound(`scrape ${id}`);
    return row;
  };

  const create: Handler<typeof createScrapeRoute> = async (c) => {
    const body = c.req.valid('json');
    assertScrapeRequestUsable(body, deps);
    const request = { ...body, url: normalizeUrl(body.url) };
    const started = await startScrape(deps, { tenantId: c.get('tenantId'), idempotencyKey: c.req.valid('header')['idempotency-key'], requestId: c.get('requestId') }, request);
    const row = await requireScrape(c.get('tenantId'), started.id);
    const view = await scrapeView(row);
    const answer = { id: started.id, workflowId: started.workflowId, status: view.status, links: view.links, notify: started.notify };
    return started.created ? c.json(answer, 202) : c.json(answer, 200);
  };

  const list: Handler<typeof listScrapesRoute> = async (c) => {
    const { cursor, limit, status, url, scheduleId } = c.req.valid('query');
    const after = decodeCursor<[string]>(cursor, ['string'])?.[0];
    const rows = await listScrapes(deps.db, { tenantId: c.get('tenantId'), limit, after, status, url, scheduleId });
    const data = await Promise.all(rows.map((row) => scrapeView(row)));
    const nextCursor = rows.length === limit ? encodeCursor([rows[rows.length - 1].id]) : null;
    return c.json({ data, nextCursor }, 200);
  };

  const get: Handler<typeof getScrapeRoute> = async (c) => {
    const row = await requireScrape(c.get('tenantId'), c.req.valid('param').id);
    return c.json(await scrapeView(row, deps.temporal), 200);
  };

  const pages: Handler<typeof listPagesRoute> = async (c) => {
    const { id } = c.req.valid('param');
    const { cursor, limit, content } = c.req.valid('query');
    await requireScrape(c.get('tenantId'), id);
    const after = decodeCursor<[number]>(cursor, ['number'])?.[0];
    const rows = await listPagesWithExtractions(deps.db, { scrapeId: id, limit, after });
    const data = rows.map(({ page, extraction }) => ({
      ...page,
      fetchedAt: page.fetchedAt?.toISOString() ?? null,
      extraction: extraction?.pageId == null ? null : {
        title: extraction.title, description: extraction.description, lang: extraction.lang, canonicalUrl: extraction.canonicalUrl,
        metadata: extraction.metadata, structured: extraction.structured, fields: extraction.fields ?? {},
        validation: { status: extraction.validationStatus!, errors: extraction.validationErrors ?? null },
        links: extraction.links?.length ?? 0,
        ...(content === 'true' ? { articleBody: extraction.articleBody ?? '', markdown: extraction.markdown ?? '' } : {}),
      },
    }));
    const nextCursor = rows.length === limit ? encodeCursor([rows[rows.length - 1].page.id]) : null;
    return c.json({ data, nextCursor }, 200);
  };

  const summary: Handler<typeof getSummaryRoute> = async (c) => {
    const { id } = c.req.valid('param');
    const scrape = await requireScrape(c.get('tenantId'), id);
    const [row] = await deps.db.select().from(summaries).where(and(eq(summaries.scrapeId, id), eq(summaries.scope, SCRAPE_SUMMARY_SCOPE)));
    if (!row) throw new ApiError(404, 'summary_not_ready', `scrape ${id} has no summary (status: ${scrape.status})`);
    return c.json({
      scrapeId: id, text: row.text, method: row.method, model: row.model, pages: row.pages, truncated: row.truncated, note: row.note,
      createdAt: row.createdAt.toISOString(),
    }, 200);
  };

  const cancel: Handler<typeof cancelScrapeRoute> = async (c) => {
    const { id } = c.req.valid('param');
    const scrape = await requireScrape(c.get('tenantId'), id);
    if (scrape.status !== 'queued' && scrape.status !== 'running') {
      throw new ApiError(409, 'not_cancellable', `scrape ${id} has already ended (status: ${scrape.status})`);
    }
    try {
      await deps.temporal.workflow.getHandle(scrape.workflowId).cancel();
    } catch (error) {
      if ((error as Error).name !== 'WorkflowNotFoundError') throw new ApiError(503, 'temporal_unavailable', `could not cancel: ${(error as Error).message}`);
      await deps.db.update(runs).set({ status: 'cancelled', finishedAt: new Date() }).where(eq(runs.scrapeId, id));
    }
    return c.json({ id, status: 'cancelling' }, 202);
  };

  return { create, list, get, pages, summary, cancel };
}

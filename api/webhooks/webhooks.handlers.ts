import type { RouteHandler } from '@hono/zod-openapi';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { deliveries, webhooks } from '../../db/schema';
import { newId } from '../../lib/ids';
import { newWebhookSecret } from '../../lib/webhooks/signing';
import { decodeCursor, encodeCursor } from '../cursor';
import type { ApiDeps, AppEnv } from '../deps';
import { badRequest, notFound } from '../errors';
import { urlProblem } from '../url-checks';
import type { createWebhookRoute, deleteWebhookRoute, getWebhookRoute, listWebhooksRoute } from './webhooks.routes';

type Handler<R extends Parameters<typeof import('@hono/zod-openapi').createRoute>[0]> = RouteHandler<R, AppEnv>;
const publicColumns = { id: webhooks.id, url: webhooks.url, events: webhooks.events, createdAt: webhooks.createdAt };
const tenantWide = (tenantId: string) => and(eq(webhooks.tenantId, tenantId), isNull(webhooks.scrapeId), isNull(webhooks.scheduleId));

export function webhookHandlers(deps: ApiDeps) {
  const create: Handler<typeof createWebhookRoute> = async (c) => {
    const { url, events } = c.req.valid('json');
    const problem = urlProblem('url', url, deps.allowedHosts, deps.allowedPorts);
    if (problem) throw badRequest('the webhook URL cannot be used', [problem]);
    const row = { id: newId(), tenantId: c.get('tenantId'), url, events, secret: newWebhookSecret() };
    const [created] = await deps.db.insert(webhooks).values(row).returning({ createdAt: webhooks.createdAt });
    return c.json({ id: row.id, url, events, secret: row.secret, createdAt: created.createdAt.toISOString() }, 201);
  };

  const list: Handler<typeof listWebhooksRoute> = async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const after = decodeCursor<[string]>(cursor, ['string'])?.[0];
    const rows = await deps.db.select(publicColumns).from(webhooks)
      .where(and(tenantWide(c.get('tenantId')), after ? lt(webhooks.id, after) : undefined))
      .orderBy(desc(webhooks.id)).limit(limit);
    const data = rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
    return c.json({ data, nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].id]) : null }, 200);
  };

  const get: Handler<typeof getWebhookRoute> = async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await deps.db.select(publicColumns).from(webhooks).where(and(eq(webhooks.tenantId, c.get('tenantId')), eq(webhooks.id, id)));
    if (!row) throw notFound(`webhook ${id}`);
    const attempts = await deps.db.select().from(deliveries).where(eq(deliveries.webhookId, id)).orderBy(desc(deliveries.createdAt)).limit(50);
    return c.json({
      ...row,
      createdAt: row.createdAt.toISOString(),
      deliveries: attempts.map(({ eventId, attempt, ok, statusCode, durationMs, error, createdAt }) => ({
        eventId, attempt, ok, statusCode, durationMs, error, createdAt: createdAt.toISOString(),
      })),
    }, 200);
  };

  const remove: Handler<typeof deleteWebhookRoute> = async (c) => {
    const { id } = c.req.valid('param');
    const deleted = await deps.db.delete(webhooks).where(and(eq(webhooks.tenantId, c.get('tenantId')), eq(webhooks.id, id))).returning({ id: webhooks.id });
    if (deleted.length === 0) throw notFound(`webhook ${id}`);
    return c.body(null, 204);
  };

  return { create, list, get, remove };
}

import type { RouteHandler } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor } from '../cursor';
import type { ApiDeps, AppEnv } from '../deps';
import { badRequest, notFound } from '../errors';
import { createApiKey, KeyInputError, listApiKeys, revokeApiKey } from './keys';
import type { createKeyRoute, listKeysRoute, revokeKeyRoute } from './keys.routes';

type Handler<R extends Parameters<typeof import('@hono/zod-openapi').createRoute>[0]> = RouteHandler<R, AppEnv>;

/** Key management; the access control in front of these routes already required the admin scope. */
export function keyHandlers(deps: Pick<ApiDeps, 'db' | 'logger'>) {
  const create: Handler<typeof createKeyRoute> = async (c) => {
    const body = c.req.valid('json');
    let created;
    try {
      created = await createApiKey(deps.db, body);
    } catch (error) {
      if (error instanceof KeyInputError) throw badRequest(error.message);
      throw error;
    }
    deps.logger?.info({ requestId: c.get('requestId'), keyId: created.id, keyTenantId: created.tenantId, scopes: created.scopes, by: c.get('principal')?.keyId ?? c.get('principal')?.kind }, 'API key created');
    return c.json(created, 201);
  };

  const list: Handler<typeof listKeysRoute> = async (c) => {
    const { tenantId, cursor, limit } = c.req.valid('query');
    const after = decodeCursor<[string]>(cursor, ['string'])?.[0];
    const data = await listApiKeys(deps.db, { tenantId, limit, after });
    return c.json({ data, nextCursor: data.length === limit ? encodeCursor([data[data.length - 1].id]) : null }, 200);
  };

  const revoke: Handler<typeof revokeKeyRoute> = async (c) => {
    const { id } = c.req.valid('param');
    const revoked = await revokeApiKey(deps.db, id);
    if (!revoked) throw notFound(`API key ${id}`);
    deps.logger?.info({ requestId: c.get('requestId'), keyId: id, by: c.get('principal')?.keyId ?? c.get('principal')?.kind }, 'API key revoked');
    return c.json(revoked, 200);
  };

  return { create, list, revoke };
}

import type { Context, MiddlewareHandler } from 'hono';
import type { ApiKeyScope } from '../../db/schema-auth';
import type { ApiDeps, AppEnv } from '../deps';
import { ApiError, errorResponse } from '../errors';
import { TokenBuckets, type TakeResult } from '../middleware/token-bucket';
import { accessMode, type AccessMode } from './access-mode';
import { API_KEY_PATTERN, DEFAULT_TENANT, anyApiKeyExists, findActiveKey, hasScope, sameKey, touchApiKey } from './keys';
import type { Principal } from './principal';

/** The /v1 routes anyone may call: probes and the API description. */
export const PUBLIC_PATHS = new Set(['/v1/healthz', '/v1/readyz', '/v1/openapi.json']);

/** GET/HEAD read; every other method writes; /v1/keys is for admins. */
export function requiredScope(method: string, path: string): ApiKeyScope {
  if (path === '/v1/keys' || path.startsWith('/v1/keys/')) return 'admin';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

const OPEN: Principal = { kind: 'open', tenantId: DEFAULT_TENANT, scopes: ['admin'], keyId: null };
const ADMIN_KEY: Principal = { kind: 'admin-key', tenantId: DEFAULT_TENANT, scopes: ['admin'], keyId: null };
/**
 * In open mode, how long "no key exists" is trusted before the database is asked again: a key made by
 * `trawl keys create` in another process ends open mode within this time; one made through this API, at once.
 */
const OPEN_MODE_RECHECK_MS = 1_000;
/** last_used_at is written at most this often per key, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

class Unauthorized extends ApiError {
  constructor(message: string, readonly challenge: string) {
    super(401, 'unauthorized', message);
  }
}

/** The connecting address (behind a proxy, the proxy's): @hono/node-server exposes the socket as `env.incoming`. */
function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

function setRateHeaders(c: Context, rate: TakeResult | undefined): void {
  if (!rate) return;
  c.header('RateLimit-Limit', String(rate.limit));
  c.header('RateLimit-Remaining', String(rate.remaining));
  c.header('RateLimit-Reset', String(rate.resetSeconds));
}

/**
 * Authentication, rate limiting and scopes for /v1/*, in that order:
 * 1. who: open mode (see access-mode.ts), TRAWL_ADMIN_KEY (compared in constant time) or an active key found by its
 *    SHA-256 hash; public routes skip this;
 * 2. a token from the caller's bucket (per key, or per client address without one) — also for requests that are about
 *    to be refused, so guessing keys is rate limited too; RateLimit-* headers on every answer, 429 when empty;
 * 3. 401 (missing, malformed, unknown or revoked key) or 403 (scope missing); otherwise the request's tenant is the key's.
 */
export function accessControl(deps: Pick<ApiDeps, 'db' | 'access' | 'logger'>): MiddlewareHandler<AppEnv> {
  const { host, adminKey, rateLimit } = deps.access;
  const buckets = rateLimit && rateLimit.perMinute > 0 ? new TokenBuckets({ perMinute: rateLimit.perMinute, burst: rateLimit.burst }) : undefined;
  // The host and the admin key never change, so the mode depends only on whether keys exist.
  const modeWithoutKeys = accessMode({ host, adminKeyConfigured: Boolean(adminKey), keysExist: false });
  let keysSeen = false;
  let noKeysCheckedAt = -Infinity;

  /** Synchronous unless the database must be asked again. */
  const currentMode = (): AccessMode | Promise<AccessMode> => {
    if (keysSeen || modeWithoutKeys === 'keys') return 'keys';
    // Possibly open: a key may have been created since; once one exists, never again.
    if (Date.now() - noKeysCheckedAt < OPEN_MODE_RECHECK_MS) return modeWithoutKeys;
    return anyApiKeyExists(deps.db).then((exist) => {
      keysSeen = exist;
      noKeysCheckedAt = Date.now();
      return exist ? 'keys' : modeWithoutKeys;
    });
  };

  const authenticate = async (authorization: string | undefined): Promise<Principal> => {
    if (!authorization) throw new Unauthorized('an API key is required: send Authorization: Bearer trawl_…', 'Bearer realm="trawl"');
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new Unauthorized('the Authorization header must be "Bearer <API key>"', 'Bearer realm="trawl", error="invalid_request"');
    const presented = match[1];
    if (!API_KEY_PATTERN.test(presented)) throw new Unauthorized('the API key is not valid or has been revoked', 'Bearer realm="trawl", error="invalid_token"');
    if (adminKey && sameKey(presented, adminKey)) return ADMIN_KEY;
    const key = await findActiveKey(deps.db, presented);
    if (!key) throw new Unauthorized('the API key is not valid or has been revoked', 'Bearer realm="trawl", error="invalid_token"');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      touchApiKey(deps.db, key.id).catch((error) => deps.logger?.warn({ keyId: key.id, err: error }, 'could not record the use of an API key'));
    }
    return { kind: 'key', tenantId: key.tenantId, scopes: key.scopes, keyId: key.id };
  };

  return async (c, next) => {
    const isPublic = PUBLIC_PATHS.has(c.req.path);
    let principal: Principal | undefined;
    let refusal: ApiError | undefined;
    if (!isPublic) {
      const mode = currentMode();
      if ((typeof mode === 'string' ? mode : await mode) === 'open') principal = OPEN;
      else {
        try {
          principal = await authenticate(c.req.header('authorization'));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          refusal = error;
        }
      }
    }

    const rate = buckets?.take(principal?.keyId ? `key:${principal.keyId}` : principal?.kind === 'admin-key' ? 'admin-key' : `ip:${clientAddress(c)}`);
    setRateHeaders(c, rate);
    if (rate && !rate.allowed) {
      c.header('Retry-After', String(rate.retryAfterSeconds));
      return errorResponse(c, new ApiError(429, 'rate_limited', `too many requests: try again in ${rate.retryAfterSeconds} s`));
    }
    if (refusal) {
      if (refusal instanceof Unauthorized) c.header('WWW-Authenticate', refusal.challenge);
      return errorResponse(c, refusal);
    }
    if (principal) {
      const needed = requiredScope(c.req.method, c.req.path);
      if (!hasScope(principal.scopes, needed)) {
        c.header('WWW-Authenticate', `Bearer realm="trawl", error="insufficient_scope", scope="${needed}"`);
        return errorResponse(c, new ApiError(403, 'forbidden', `this API key lacks the "${needed}" scope`));
      }
      c.set('principal', principal);
      c.set('tenantId', principal.tenantId);
    }
    await next();
    if (c.req.method === 'POST' && c.req.path === '/v1/keys' && c.res.status === 201) keysSeen = true;
  };
}

import { z, type OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from './deps';

/** A response whose body is `schema` as application/json. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The `request` part of a route that takes a required application/json body of `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true as const } });

/** The `{id}` path parameter of a route; `example` shows in the OpenAPI document. */
export const idParams = (example?: string) =>
  z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, ...(example === undefined ? {} : { example }) }) });

/**
 * Registers each route with the handler of the same name, in the order of `routes`; the types make sure every route
 * has a handler written for it.
 */
export function registerRoutes<Routes extends Record<string, RouteConfig>>(
  app: OpenAPIHono<AppEnv>,
  routes: Routes,
  handlers: { [Name in keyof Routes]: RouteHandler<Routes[Name], AppEnv> },
): void {
  for (const name of Object.keys(routes) as (keyof Routes & string)[]) app.openapi(routes[name], handlers[name] as never);
}

import type { MiddlewareHandler } from 'hono';

/** GET and HEAD carry no body: a middleware that looks at one would only make @hono/node-server build a full Request. */
export function hasNoBody(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Runs `middleware` only for requests that may carry a body. */
export function withBody(middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (hasNoBody(c.req.method) ? next() : middleware(c, next));
}

/** Runs the compression middleware only when the client accepts an encoding; otherwise it would read every answer for nothing. */
export function whenAccepted(compression: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (c.req.header('accept-encoding') ? compression(c, next) : next());
}

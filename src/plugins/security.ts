import cors from '@fastify/cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import fp from 'fastify-plugin';

/**
 * Security headers on every response, and CORS only for the origins CORS_ORIGINS names.
 *
 * One Content-Security-Policy serves both the JSON API and the Swagger UI at /apidocs: the UI is
 * served from our own origin as script files (no inline script), so 'self' suffices for scripts;
 * it sets style attributes, hence 'unsafe-inline' for styles only; its icons are data: URIs.
 * No upgrade-insecure-requests: the service is often reached over plain HTTP on 127.0.0.1 or
 * behind a TLS-terminating proxy, and the upgrade would break the docs there.
 */
/**
 * Helmet's headers, computed once: with fixed options they never vary, and building them per
 * request (as @fastify/helmet does, re-serialising the CSP) cost about 5% of a small request.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return headers;
}

export default fp(
  async (app) => {
    const headers = helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
      // Bearer tokens, never cookies: nothing for a cross-site embedder to abuse, but no reason to allow framing either.
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    // A callback hook, not an async one: no promise and no extra microtask per request.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });

    const origins = app.config.corsOrigins;
    if (origins.length > 0) {
      await app.register(cors, {
        origin: origins.includes('*') ? '*' : origins,
        // Every method a route answers (a test holds this to the OpenAPI document).
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Request-Id'],
        exposedHeaders: ['X-Total-Count', 'Link', 'ETag', 'Retry-After', 'X-Request-Id'],
        // Tokens travel in the Authorization header, so cookies are never needed cross-origin.
        credentials: false,
        maxAge: 600,
      });
    }
  },
  { name: 'security' },
);

/** buildApp(config): Fastify's options and handlers, then an explicit register list (infrastructure, features, routes). Builds no feature itself; never listens. */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { clientErrorHandler, errorHandler, MethodNotAllowed } from './errors.js';
import type { Clock } from './lib/clock.js';
import { lazyChildLoggerFactory } from './lib/lazy-child-logger.js';
import { redactRequestUrlForLog } from './lib/log-redaction.js';
import { RouteMethods } from './lib/route-methods.js';
import adminPlugin from './modules/admin/admin.plugin.js';
import adminRoutes from './modules/admin/admin.routes.js';
import authPlugin from './modules/auth/auth.plugin.js';
import authRoutes from './modules/auth/auth.routes.js';
import type { RevocationStore } from './modules/auth/revocation.js';
import sessionRoutes from './modules/auth/session.routes.js';
import healthRoutes from './modules/health/health.routes.js';
import householdsPlugin from './modules/households/households.plugin.js';
import householdsRoutes from './modules/households/households.routes.js';
import homeRoutes from './modules/home/home.routes.js';
import planPlugin from './modules/plan/plan.plugin.js';
import planRoutes from './modules/plan/plan.routes.js';
import listsPlugin from './modules/lists/lists.plugin.js';
import listsRoutes from './modules/lists/lists.routes.js';
import listEventsRoutes from './modules/lists/list-events.routes.js';
import ingredientsRoutes from './modules/ingredients/ingredients.routes.js';
import imagesPlugin from './modules/images/images.plugin.js';
import movingPlugin from './modules/moving/moving.plugin.js';
import oidcPlugin from './modules/oidc/oidc.plugin.js';
import rateLimitPlugin from './modules/rate-limit/rate-limit.plugin.js';
import recipesPlugin from './modules/recipes/recipes.plugin.js';
import recipesRoutes from './modules/recipes/recipes.routes.js';
import type { SafeFetcher } from './modules/scrape/safe-fetch.js';
import scrapePlugin from './modules/scrape/scrape.plugin.js';
import scrapeRoutes from './modules/scrape/scrape.routes.js';
import tagsRoutes from './modules/tags/tags.routes.js';
import webRoutes from './modules/web/web.routes.js';
import dbPlugin from './plugins/db.js';
import hostPolicyPlugin from './plugins/host-policy.js';
import drainPlugin from './plugins/drain.js';
import metricsPlugin from './plugins/metrics.js';
import redisPlugin from './plugins/redis.js';
import securityPlugin from './plugins/security.js';
import swaggerPlugin from './plugins/swagger.js';
import { DeferredCompilation } from './plugins/deferred-compilation.js';
import { createValidatorCompiler } from './plugins/validation.js';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

export interface BuildOptions {
  /** Injectable time source (ms since epoch); tests move it instead of sleeping. */
  clock?: Clock;
  /** A database opened by the caller (tests share one per run); otherwise config.databaseUrl is opened. */
  database?: DatabaseHandle;
  revocations?: RevocationStore;
  /** The guarded outbound fetcher (tests may give one with a stubbed DNS lookup). */
  scrapeFetcher?: SafeFetcher;
  /** Where the built web app is (default web/dist); tests may point elsewhere. */
  webDistDir?: string;
  /** pino options, or false to silence. */
  logger?: boolean | object;
}

/** What an `X-Request-Id` from a client must be to become the request's id in the log: short and plain. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request id: the client's `X-Request-Id` when it is short and plain (so a caller can follow
 * its request through the log), else a generated one: a 3,000-character id or one with markup or
 * line breaks would land verbatim in every log line of the request. Generated ids are
 * `<12 random hex digits>-<counter in base 36>`, unique per process and across processes in practice.
 */
function requestIdGenerator(): (req: { headers: Record<string, string | string[] | undefined> }) => string {
  const prefix = crypto.randomUUID().slice(-12);
  let n = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : `${prefix}-${(++n).toString(36)}`;
  };
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const logDefaults = {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.current_password',
        '*.new_password',
        '*.token',
        '*.access_token',
        '*.refresh_token',
        '*.password_hash',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Fastify's request serializer, with the query redacted: a URL to scrape may carry credentials.
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactRequestUrlForLog(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
  const { http } = config;
  const compilation = new DeferredCompilation();
  const buildSerializer = SerializerSelector();
  const app = Fastify({
    // Response serializers, like validators, are compiled on first use or once the server is idle.
    schemaController: {
      compilersFactory: {
        buildSerializer: (externalSchemas, options) => {
          const compile = buildSerializer(externalSchemas, options);
          return (route) => compilation.defer(() => compile(route));
        },
      },
    },
    // Options given by a caller (tests pass a stream) keep the redaction unless they replace it.
    logger: opts.logger === false ? false : { ...logDefaults, ...(typeof opts.logger === 'object' ? opts.logger : {}) },
    bodyLimit: config.bodyLimit,
    // A hop count becomes a function: Fastify's types only know strings, lists and booleans.
    trustProxy:
      typeof config.trustProxy === 'number' ? (_addr: string, hop: number) => hop < (config.trustProxy as number) : config.trustProxy,
    // genReqId reads X-Request-Id itself, and takes it only when it is short and plain.
    requestIdHeader: false,
    // Unique per process (a random prefix, then a counter): a UUID per request cost about 1% of a small request.
    genReqId: requestIdGenerator(),
    // A request's child logger is made only when it logs (see LazyChildLogger).
    childLoggerFactory: lazyChildLoggerFactory,
    // Slow clients: Fastify turns Node's request timeout off; every phase gets a bound instead.
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    connectionTimeout: http.connectionTimeoutMs,
    http: {
      headersTimeout: http.headersTimeoutMs,
      // Node enforces the header and request timeouts on a sweep (every 30 s by default), so a
      // deadline can be overrun by up to one interval: sweep often enough for the bounds to hold.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(http.headersTimeoutMs, http.requestTimeoutMs) / 4))),
    },
    clientErrorHandler,
  });
  app.decorate('config', config);
  app.decorate('clock', opts.clock ?? Date.now);
  app.decorate('schemaCompilation', compilation);
  // One compiler for the whole app: the routes that read raw bodies wrap this one rather than
  // making Ajv instances of their own.
  const validatorCompiler = createValidatorCompiler(compilation);
  app.decorate('jsonValidatorCompiler', validatorCompiler);
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onListen', () => compilation.warm((err) => app.log.error({ err }, 'a route schema does not compile')));
  app.setErrorHandler(errorHandler);
  // JSON only: a text/plain body is refused with 415 instead of failing validation as a string.
  app.removeContentTypeParser('text/plain');
  // A known path with a method it does not serve is 405 with Allow, not 404 (RFC 9110 15.5.6).
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => {
    if (!(route.config as { refusesMethod?: boolean } | undefined)?.refusesMethod) routeMethods.add(route.method, route.url);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allow = routeMethods.methodsFor(path);
    if (allow && !allow.includes(request.method)) throw MethodNotAllowed(request.method, path, allow);
    reply.status(404).send({ error: `Route ${request.method} ${path.slice(0, 200)} not found`, code: 'NOT_FOUND' });
  });

  // Infrastructure, then features (each builds its services and decorates them), then routes.
  // Every plugin names what it depends on; the order here is also the order of onClose in reverse.
  await app.register(securityPlugin);
  await app.register(hostPolicyPlugin);
  await app.register(swaggerPlugin);
  await app.register(dbPlugin, { database: opts.database });
  await app.register(redisPlugin);
  await app.register(rateLimitPlugin);
  await app.register(metricsPlugin);
  await app.register(householdsPlugin);
  await app.register(authPlugin, { revocations: opts.revocations });
  await app.register(drainPlugin);
  await app.register(recipesPlugin);
  await app.register(adminPlugin);
  await app.register(scrapePlugin, { fetcher: opts.scrapeFetcher });
  await app.register(planPlugin);
  await app.register(listsPlugin);

  await app.register(webRoutes, { distDir: opts.webDistDir });
  await app.register(homeRoutes);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(sessionRoutes);
  await app.register(oidcPlugin);
  await app.register(imagesPlugin);
  await app.register(movingPlugin);
  await app.register(householdsRoutes);
  await app.register(adminRoutes);
  await app.register(recipesRoutes);
  await app.register(tagsRoutes);
  await app.register(scrapeRoutes);
  await app.register(ingredientsRoutes);
  await app.register(planRoutes);
  await app.register(listsRoutes);
  await app.register(listEventsRoutes);
  // A path served by a route of its own that a parametric route would also match
  // (`/recipes/import` and `/recipes/:id`): the methods only the parametric route serves are 405
  // there too, not that route's answer to a bad parameter.
  for (const { path, methods } of routeMethods.shadowed()) {
    app.route({
      method: methods.filter((m) => m !== 'HEAD'),
      url: path,
      config: { refusesMethod: true },
      schema: { hide: true },
      handler: async (request) => {
        throw MethodNotAllowed(request.method, path, routeMethods.methodsFor(path) ?? []);
      },
    });
  }
  return app;
}

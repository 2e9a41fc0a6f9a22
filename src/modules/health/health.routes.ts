import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Forbidden, Unauthorized } from '../../errors.js';
import { ErrorResponse, bearerAuth } from '../../schemas/common.js';
import fp from 'fastify-plugin';

const CheckState = Type.Enum(['ok', 'down']);
const Checks = Type.Object(
  {
    database: CheckState,
    redis: Type.Optional(CheckState),
  },
  { $id: 'HealthChecks', additionalProperties: false, description: 'Reachability of each backend; redis only when REDIS_URL is set' },
);
const Healthy = Type.Object(
  { status: Type.Literal('ok'), checks: Checks },
  {
    $id: 'Health',
    additionalProperties: false,
    description: 'Every backend answers',
    examples: [{ status: 'ok', checks: { database: 'ok' } }],
  },
);
const Unhealthy = Type.Object(
  {
    error: Type.String({ maxLength: 200 }),
    code: Type.Literal('SERVICE_UNAVAILABLE'),
    status: Type.Literal('unavailable'),
    checks: Checks,
  },
  {
    $id: 'HealthUnavailable',
    additionalProperties: false,
    description: 'A backend does not answer',
    examples: [
      { error: 'Unavailable: database not reachable', code: 'SERVICE_UNAVAILABLE', status: 'unavailable', checks: { database: 'down' } },
    ],
  },
);

/** A check that does not answer within this time counts as down: /health itself must not hang. */
const CHECK_TIMEOUT_MS = 2000;

async function probe(fn: () => Promise<unknown>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['ops'],
        summary: 'Liveness and backend reachability',
        security: [],
        description:
          'Checks the database and, when REDIS_URL is set, Redis. 200 when every check is ok, 503 when any is down (load balancers take the instance out).',
        response: {
          200: Healthy,
          503: {
            ...Unhealthy,
            headers: {
              'Retry-After': {
                type: 'integer',
                format: 'int32',
                minimum: 1,
                maximum: 3600,
                description: 'Seconds to wait before asking again',
                example: 1,
              },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const redis = app.redis;
      const [database, redisState] = await Promise.all([
        probe(() => app.database.ping()),
        redis ? probe(() => redis.ping()) : Promise.resolve(undefined),
      ]);
      const checks = { database, ...(redisState ? { redis: redisState } : {}) };
      const down = Object.entries(checks)
        .filter(([, v]) => v === 'down')
        .map(([k]) => k);
      if (down.length > 0) {
        return reply
          .status(503)
          .header('retry-after', '1')
          .send({
            error: `Unavailable: ${down.join(' and ')} not reachable`,
            code: 'SERVICE_UNAVAILABLE' as const,
            status: 'unavailable' as const,
            checks,
          });
      }
      return { status: 'ok' as const, checks };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'getMetrics',
        tags: ['ops'],
        summary: 'Prometheus metrics',
        description:
          'Prometheus text format: http_requests_total and http_request_duration_seconds by method, route template and status; ' +
          'db_pool_* (PostgreSQL pool: open, idle, waiting, max); default Node process metrics. Under `npm run start:cluster` the values ' +
          'are summed over all workers. When METRICS_TOKEN is set, send it as a Bearer token (401 otherwise). In production ' +
          '(NODE_ENV=production) without METRICS_TOKEN the route answers 403 unless METRICS_PUBLIC=true makes it public.',
        // Open unless METRICS_TOKEN is set (then it is the Bearer token): both ways are declared, so
        // the document does not depend on the deployment.
        security: [{}, ...bearerAuth],
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: {
              'text/plain': {
                schema: {
                  type: 'string',
                  maxLength: 16_777_216,
                  example:
                    '# HELP http_requests_total HTTP requests answered\nhttp_requests_total{method="GET",route="/recipes",status_code="200"} 3\n',
                },
              },
            },
          },
          401: { ...ErrorResponse, description: 'METRICS_TOKEN is set and was not sent (or did not match)' },
          403: {
            ...ErrorResponse,
            description: 'Production without METRICS_TOKEN and without METRICS_PUBLIC=true: metrics are not served',
          },
        },
      },
    },
    async (request, reply) => {
      const token = app.config.metricsToken;
      if (token) {
        const m = /^bearer (.+)$/i.exec(request.headers.authorization ?? '');
        if (!m || !sameSecret(m[1]!, token)) throw Unauthorized('A valid metrics token is required');
      } else if (!app.config.metricsPublic) {
        throw Forbidden('Metrics are not public in production: set METRICS_TOKEN, or METRICS_PUBLIC=true to serve them to anyone');
      }
      const { contentType, body } = await app.metrics.render();
      return reply.type(contentType).send(body);
    },
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(healthRoutes, { name: 'health-routes', dependencies: ['db', 'redis', 'metrics'], encapsulate: true });

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/**
 * OpenAPI 3 generated from the route schemas (the same ones that validate), served at
 * /openapi.json and /apispec_1.json, with Swagger UI at /apidocs (Authorize with a Bearer token).
 */
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gourmet Recipe Catalog API',
        version: '1.0.0',
        description: 'Register, log in, click **Authorize** and paste the `access_token` from `/login`, then try every route.'
          + ' Any route may answer 503 `{"error": ...}` with `Retry-After` while the database or Redis is unreachable; retry shortly.',
      },
      tags: [
        { name: 'auth', description: 'Accounts and tokens' },
        { name: 'recipes', description: 'The recipe catalog' },
        { name: 'scrape', description: 'Read recipe pages from the web' },
        { name: 'ingredients', description: 'Parse ingredient lines into quantity, unit, food and notes' },
        { name: 'ops', description: 'Health (database and Redis reachability) and Prometheus metrics' },
      ],
      components: {
        securitySchemes: {
          BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access_token from POST /login' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/apidocs',
    uiConfig: { persistAuthorization: false, displayRequestDuration: true },
    staticCSP: false,
  });
  const spec = { schema: { hide: true } };
  app.get('/openapi.json', spec, async () => app.swagger());
  app.get('/apispec_1.json', spec, async () => app.swagger());
}, { name: 'swagger' });

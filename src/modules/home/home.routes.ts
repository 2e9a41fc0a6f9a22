/** GET /: where a newcomer lands. A small JSON index of links until the web app is served here. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import fp from 'fastify-plugin';

const Link = Type.Object(
  {
    href: Type.String({ maxLength: 200, pattern: '^/', description: 'A path on this server' }),
    description: Type.String({ maxLength: 200 }),
  },
  { $id: 'IndexLink', additionalProperties: false },
);

const Index = Type.Object(
  {
    name: Type.String({ maxLength: 100 }),
    version: Type.String({ maxLength: 20 }),
    links: Type.Object(
      {
        docs: Link,
        openapi: Link,
        health: Link,
        register: Link,
        login: Link,
        recipes: Link,
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'Index', additionalProperties: false, description: 'Links to the documentation and the main routes' },
);

const INDEX = {
  name: 'Gourmet Recipe Catalog API',
  version: '1.0.0',
  links: {
    docs: { href: '/apidocs', description: 'Swagger UI: try every route (Authorize with the access_token from /login)' },
    openapi: { href: '/openapi.json', description: 'The OpenAPI 3 document (also at /apispec_1.json)' },
    health: { href: '/health', description: 'Database and Redis reachability' },
    register: { href: '/register', description: 'POST {"username", "password"} to create an account' },
    login: { href: '/login', description: 'POST {"username", "password"} to get an access token' },
    recipes: { href: '/recipes', description: 'The catalog (Bearer token required)' },
  },
};

async function homeRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        operationId: 'getIndex',
        tags: ['meta'],
        summary: 'Links to the docs and the main routes',
        security: [],
        description: 'A small JSON index for newcomers: where the interactive docs, the OpenAPI document and the main routes are.',
        response: {
          200: {
            description: 'The index of links; a browser (Accept: text/html) gets the web app instead',
            content: {
              'application/json': { schema: Index },
              'text/html': { schema: Type.String({ maxLength: 100_000, description: "The web app's page (src/modules/web)" }) },
            },
          },
        },
      },
    },
    async () => INDEX,
  );
}

// Encapsulated: its hooks apply to its own routes only.
export default fp(homeRoutes, { name: 'home-routes', encapsulate: true });

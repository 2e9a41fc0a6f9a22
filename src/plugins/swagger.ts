import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorResponse, ValidationErrorResponse } from '../schemas/common.js';

/**
 * OpenAPI 3 generated from the route schemas (the same ones that validate), served at
 * /openapi.json and /apispec_1.json, with Swagger UI at /apidocs (Authorize with a Bearer token).
 *
 * Shared schemas: a TypeBox schema with an `$id` (Recipe, Error, TokenPair, ...) becomes
 * `components.schemas.<$id>` and every use of it in a route becomes a `$ref` to it, in the
 * document only: validation and serialization keep using the route's own schema objects.
 *
 * What every route shares is declared here once, for routes of every module: `security: []` on
 * public routes; the statuses any route can answer (400/413/415 for routes that take a body,
 * 401 for protected routes, 421 for a Host name not served, 429 from the general rate limit,
 * 500, 503 while a backend is down)
 * with their headers (Retry-After, RateLimit-*); a description on every response.
 */

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const componentRef = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** The named schemas found in route schemas, by $id, in the form the document shows (nested ones as $refs). */
class ComponentRegistry {
  readonly schemas: Record<string, JsonObject> = {};
  /** $ids whose registered version lost its own description (it was first seen as a response, whose description is the response's). */
  private readonly partial = new Set<string>();

  /** Records every `$id` schema inside `value`; `responseRoot` marks a response entry (its headers and description belong to the response). */
  collect(value: unknown, responseRoot = false): void {
    if (Array.isArray(value)) {
      for (const v of value) this.collect(v);
      return;
    }
    if (!isObject(value)) return;
    const id = typeof value.$id === 'string' && !value.$id.startsWith('#') ? value.$id : undefined;
    if (id) {
      const { $id: _id, ...rest } = value;
      if (responseRoot) {
        delete rest.headers;
        delete rest.description;
      }
      const shown = this.withRefs(rest) as JsonObject;
      const known = this.schemas[id];
      if (known && JSON.stringify(comparable(known)) !== JSON.stringify(comparable(shown))) {
        throw new Error(`Two different schemas are named "${id}" ($id); give one of them another $id`);
      }
      if (!known || (this.partial.has(id) && !responseRoot)) {
        this.schemas[id] = shown;
        if (responseRoot) this.partial.add(id);
        else this.partial.delete(id);
      }
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === 'examples' || key === 'default' || key === 'const' || key === 'enum') continue;
      this.collect(v);
    }
  }

  /** A copy of `value` with every nested `$id` schema replaced by a $ref to its component. */
  withRefs(value: unknown, root = true): unknown {
    if (Array.isArray(value)) return value.map((v) => this.withRefs(v, false));
    if (!isObject(value)) return value;
    if (!root && typeof value.$id === 'string' && !value.$id.startsWith('#')) return componentRef(value.$id);
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$id') continue;
      // OpenAPI 3.0 schemas have one `example`, not JSON Schema's `examples` list.
      if (key === 'examples' && Array.isArray(v)) {
        if (v.length > 0 && !('example' in value)) out.example = v[0];
        continue;
      }
      out[key] = key === 'default' || key === 'const' || key === 'enum' ? v : this.withRefs(v, false);
    }
    return out;
  }
}

/** A schema without the annotations that may differ between two uses of the same component. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    if (key === 'description' || key === 'examples' || key === 'headers') continue;
    out[key] = comparable(value[key]);
  }
  return out;
}

const STATUS_DESCRIPTIONS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  304: 'Not modified',
  400: 'The request is invalid (see details)',
  401: 'Missing, malformed, expired or revoked access token',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  412: 'The resource changed since the ETag in If-Match',
  413: 'The request body (or the fetched page) is too large',
  415: 'Unsupported media type (send application/json)',
  421: 'The Host names a server this deployment is not (PUBLIC_ORIGIN, ALLOWED_HOSTS)',
  422: 'Understood but cannot be processed',
  429: 'Too many requests; retry after Retry-After seconds',
  500: 'Unexpected server error (the details are in the server log only)',
  502: 'The upstream site failed',
  503: 'A backend (database or Redis) is unreachable; retry after Retry-After seconds',
  504: 'The upstream site was too slow',
};

const integerHeader = (description: string, example: number) => ({
  type: 'integer',
  format: 'int32',
  minimum: 0,
  maximum: 2_147_483_647,
  description,
  example,
});
const rateLimitHeaders = {
  'RateLimit-Limit': integerHeader(
    'Requests allowed per window by the general per-client limit (sent only when RATE_LIMIT_GLOBAL_PER_IP is set)',
    300,
  ),
  'RateLimit-Remaining': integerHeader('Requests left in the current window (sent only when the general limit is on)', 299),
  'RateLimit-Reset': integerHeader('Seconds until the current window ends (sent only when the general limit is on)', 42),
};
const retryAfter = { 'Retry-After': integerHeader('Seconds to wait before retrying', 1) };

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The statuses a route answers without saying so itself, by what it is. */
function sharedResponses(methods: string[], isProtected: boolean): Record<string, unknown> {
  return {
    ...(methods.some((m) => BODY_METHODS.has(m)) ? { 400: ValidationErrorResponse, 413: ErrorResponse, 415: ErrorResponse } : {}),
    ...(isProtected ? { 401: ErrorResponse } : {}),
    421: ErrorResponse,
    429: ErrorResponse,
    500: ErrorResponse,
    503: ErrorResponse,
  };
}

/** The document's view of one route schema: shared statuses and headers added, components as $refs. */
function documentedSchema(schema: JsonObject, methods: string[], registry: ComponentRegistry): JsonObject {
  const out: JsonObject = { ...schema };
  out.security ??= [];
  const isProtected = Array.isArray(out.security) && out.security.length > 0;
  if (out.body)
    out.body = isObject(out.body) && typeof out.body.$id === 'string' ? componentRef(out.body.$id) : registry.withRefs(out.body);
  const responses: Record<string, unknown> = { ...sharedResponses(methods, isProtected), ...(out.response as JsonObject | undefined) };
  const documented: JsonObject = {};
  for (const [status, entry] of Object.entries(responses)) {
    if (!isObject(entry)) continue;
    const { headers, description, ...rest } = entry as JsonObject & { headers?: JsonObject; description?: string };
    const extraHeaders = {
      ...(/^[24]/.test(status) ? rateLimitHeaders : {}),
      ...(status === '429' || status === '503' ? retryAfter : {}),
    };
    const body = typeof rest.$id === 'string' ? componentRef(rest.$id) : registry.withRefs(rest);
    documented[status] = {
      ...(body as JsonObject),
      description: description ?? STATUS_DESCRIPTIONS[status] ?? `HTTP ${status}`,
      headers: { ...(headers ?? {}), ...extraHeaders },
    };
  }
  out.response = documented;
  return out;
}

export default fp(
  async (app) => {
    const registry = new ComponentRegistry();
    // Components are collected as routes are added (every module registers after this plugin);
    // @fastify/swagger reads `components.schemas` when the document is first built.
    for (const schema of [ErrorResponse, ValidationErrorResponse]) registry.collect(schema);
    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema as JsonObject | undefined;
      if (!schema || schema.hide) return;
      for (const part of ['body', 'querystring', 'params', 'headers']) registry.collect(schema[part]);
      for (const entry of Object.values((schema.response as JsonObject | undefined) ?? {})) registry.collect(entry, true);
    });

    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Gourmet Recipe Catalog API',
          version: '1.0.0',
          description:
            'Register, log in, click **Authorize** and paste the `access_token` from `/login`, then try every route.' +
            ' Every error is `{"error": "...", "code": "..."}` with a code from a fixed list; validation errors add `details` (`[{path, message}]`).' +
            ' Any route may answer 503 with `Retry-After` while the database or Redis is unreachable, and 429 with `Retry-After` when the' +
            ' general per-client rate limit is on; retry after that many seconds.',
          contact: { name: 'Gourmet Recipe Catalog maintainers' },
          license: {
            name: 'UNLICENSED (private; all rights reserved)',
            url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license',
          },
        },
        servers: [
          {
            url: '/',
            description:
              'This server: local development (npm start on 127.0.0.1:5000) or production, wherever this document is served from',
            'x-internal': false,
          } as { url: string; description: string },
        ],
        tags: [
          { name: 'auth', description: 'Accounts and tokens' },
          { name: 'recipes', description: 'The recipe catalog' },
          { name: 'households', description: 'The household a user shares recipes with: members and invitations' },
          { name: 'admin', description: 'Account administration (admins only)' },
          { name: 'scrape', description: 'Read recipe pages from the web' },
          { name: 'plan', description: "The household's meal plan and its calendar feed" },
          { name: 'lists', description: 'Shopping lists shared by the household, live over Server-Sent Events' },
          { name: 'moving', description: "Moving in and out: import other apps' exports, export everything" },
          { name: 'ingredients', description: 'Parse ingredient lines into quantity, unit, food and notes' },
          { name: 'ops', description: 'Health (database and Redis reachability) and Prometheus metrics' },
          { name: 'meta', description: 'Where to start: links to the documentation' },
        ],
        components: {
          securitySchemes: {
            BearerAuth: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description:
                'The access_token from POST /login (for GET /metrics: the METRICS_TOKEN, when the server sets one). Tokens follow RFC8725 (JWT best current practices): the algorithm is pinned per key id, ' +
                'and issuer, audience, expiry, not-before and token type are checked on every request.',
            },
            AdminBearerAuth: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description:
                'The same access token as BearerAuth, of an account whose role is admin (GET /me); any other account gets 403 FORBIDDEN. ' +
                'Tokens follow RFC8725 (JWT best current practices), checked as for BearerAuth.',
            },
          },
          schemas: registry.schemas,
        },
      },
      transform: ({ schema, url, route }) => {
        if (!schema || (schema as JsonObject).hide) return { schema, url };
        const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => String(m).toUpperCase());
        // The 'swagger' types describe a narrower schema shape than the JSON objects built here.
        return { schema: documentedSchema(schema as JsonObject, methods, registry) as typeof schema, url };
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
  },
  { name: 'swagger' },
);

/**
 * The typed client of the Gourmet Recipe Catalog API: openapi-fetch over the types that
 * openapi-typescript generates from the OpenAPI document (schema.ts, `npm run client:generate`).
 * Every path, parameter, body and response is checked by the TypeScript compiler.
 *
 *   const api = createClient({ baseUrl: 'http://127.0.0.1:5000' });
 *   const { data } = await api.POST('/login', { body: { username, password } });
 *   api.setToken(data?.access_token);
 *   const { data: recipes, response } = await api.GET('/recipes', { params: { query: { ingredient: 'saffron' } } });
 */
import createFetchClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

type Schemas = components['schemas'];
export type Recipe = Schemas['Recipe'];
export type RecipeCreate = Schemas['RecipeCreate'];
export type RecipeUpdate = Schemas['RecipeUpdate'];
export type TokenPair = Schemas['TokenPair'];
export type ApiError = Schemas['Error'];
export type ValidationError = Schemas['ValidationError'];
export type ErrorCode = ApiError['code'];

export interface GourmetClientOptions extends ClientOptions {
  /** An access token to send as `Authorization: Bearer …` (changeable later with setToken). */
  token?: string;
}

export interface GourmetClient extends Client<paths> {
  /** Sends this access token on every later request (undefined: none). */
  setToken(token: string | undefined): void;
  /** The access token currently sent, if any. */
  getToken(): string | undefined;
}

/** A client for the API at `baseUrl` (e.g. `http://127.0.0.1:5000`, or '' in a browser on the same origin). */
export function createClient(options: GourmetClientOptions = {}): GourmetClient {
  const { token: initial, ...fetchOptions } = options;
  let token = initial;
  const client = createFetchClient<paths>(fetchOptions);
  const auth: Middleware = {
    onRequest({ request }) {
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return Object.assign(client, {
    setToken(next: string | undefined) {
      token = next;
    },
    getToken() {
      return token;
    },
  });
}

/** True when a response body is the API's error shape (`{error, code}`). */
export function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: unknown }).error === 'string' &&
    typeof (body as { code?: unknown }).code === 'string'
  );
}

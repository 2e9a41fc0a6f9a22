/**
 * What each environment variable read by config.ts means, for people: its default as a reader
 * should see it and one sentence or two on what it does. docs/configuration.md is generated from
 * this table (`npm run docs:config`, scripts/config-doc.ts) together with the bounds config.ts
 * checks, and test/unit/config-doc.test.ts fails when a variable config.ts reads has no entry
 * here, an entry names a variable nobody reads, a default here disagrees with config.ts, or the
 * committed page differs from what the script writes. Parsing stays in config.ts.
 */

import { FEATURE_VARIABLES } from './config-schema-features.js';

export const CONFIG_GROUPS = [
  'Server',
  'Database',
  'Tokens and passwords',
  'HTTP limits',
  'Proxies and browsers',
  'Single sign-on',
  'Rate limits',
  'Redis and caches',
  'Recipes and ingredients',
  'Pictures',
  'Metrics and logs',
  'Scraping',
  'Moving in and out',
] as const;

export type ConfigGroup = (typeof CONFIG_GROUPS)[number];

export interface ConfigVariable {
  group: ConfigGroup;
  /** The default as the documentation shows it ('' when there is none). */
  default: string;
  description: string;
}

export const CONFIG_VARIABLES: Record<string, ConfigVariable> = {
  NODE_ENV: {
    group: 'Server',
    default: 'development',
    description:
      '`production` requires a signing key (`JWT_SECRET` or `JWT_KEYS`) and closes `/metrics` unless told otherwise; `test` is for the test suite; anything else is development.',
  },
  HOST: { group: 'Server', default: '127.0.0.1', description: 'Address to listen on (`0.0.0.0` in a container).' },
  PORT: { group: 'Server', default: '5000', description: 'Port to listen on (`0` picks a free one).' },
  WORKERS: { group: 'Server', default: 'one per CPU core', description: 'Worker processes started by `npm run start:cluster`.' },
  BODY_LIMIT: {
    group: 'Server',
    default: '65536',
    description:
      'Largest request body in bytes (413 above). The two routes that take a whole page (`POST /scrape/recipe`, `POST /recipes/import`) allow twice `SCRAPE_MAX_BYTES` plus 64 KiB instead.',
  },

  DATABASE_URL: {
    group: 'Database',
    default: 'sqlite:./data/recipes.db',
    description:
      '`sqlite:<path>`, `sqlite::memory:` or `postgres://user:password@host:port/db` (`?options=-c search_path=myschema` picks a schema).',
  },
  DB_POOL_SIZE: {
    group: 'Database',
    default: '10',
    description: "PostgreSQL connections per process; keep instances × workers × this below the server's `max_connections`.",
  },
  DB_CONNECT_TIMEOUT_MS: {
    group: 'Database',
    default: '5000',
    description: 'How long a request waits for a PostgreSQL connection before it gets 503.',
  },
  DB_STATEMENT_TIMEOUT_MS: {
    group: 'Database',
    default: '10000',
    description:
      'Longest one PostgreSQL statement may run; the server cancels it and the request gets 503. Migrations allow at least 10 minutes.',
  },

  JWT_SECRET: {
    group: 'Tokens and passwords',
    default: 'generated in development',
    description:
      'HS256 signing secret, at least 32 characters. Required in production unless `JWT_KEYS` is set; in development one is generated once and kept in `.jwt-secret` beside the SQLite file (or in `./data`).',
  },
  JWT_KEYS: {
    group: 'Tokens and passwords',
    default: '',
    description:
      'JSON list of signing keys, newest first: `[{"kid","alg":"HS256|EdDSA|RS256","secret"|"privateKeyPem","publicKeyPem"}]`. Tokens are signed with the first and verified by the key their `kid` names (key rotation; see docs/auth.md). Overrides `JWT_SECRET`.',
  },
  JWT_ACCESS_TTL: { group: 'Tokens and passwords', default: '900', description: 'Access token lifetime in seconds.' },
  JWT_REFRESH_TTL: {
    group: 'Tokens and passwords',
    default: '1209600',
    description: 'Refresh token (and browser session cookie) lifetime in seconds (14 days).',
  },
  JWT_ISSUER: {
    group: 'Tokens and passwords',
    default: 'gourmet-recipe-catalog',
    description: '`iss` of every token, checked on every request.',
  },
  JWT_AUDIENCE: {
    group: 'Tokens and passwords',
    default: 'gourmet-recipe-catalog-api',
    description: '`aud` of every token, checked on every request.',
  },
  JWT_CLOCK_TOLERANCE: {
    group: 'Tokens and passwords',
    default: '5',
    description: 'Seconds of clock skew accepted when checking `exp`, `nbf` and `iat`.',
  },
  ARGON2_MEMORY_KIB: {
    group: 'Tokens and passwords',
    default: '19456',
    description: "Argon2id memory cost (OWASP's recommendation). Hashes made with other parameters are upgraded at the next login.",
  },
  ARGON2_TIME_COST: { group: 'Tokens and passwords', default: '2', description: 'Argon2id iterations.' },
  ARGON2_PARALLELISM: { group: 'Tokens and passwords', default: '1', description: 'Argon2id lanes.' },
  ARGON2_MAX_CONCURRENT: {
    group: 'Tokens and passwords',
    default: '1',
    description:
      'Password hashes computed at once per process; the others wait without using CPU, so a login storm cannot starve other requests.',
  },

  HTTP_HEADERS_TIMEOUT_MS: {
    group: 'HTTP limits',
    default: '10000',
    description: 'Time a client has to send its header block (408 and the connection closed). Not longer than `HTTP_REQUEST_TIMEOUT_MS`.',
  },
  HTTP_REQUEST_TIMEOUT_MS: {
    group: 'HTTP limits',
    default: '30000',
    description: 'Time a client has to send the whole request, body included (408 and the connection closed).',
  },
  HTTP_KEEP_ALIVE_TIMEOUT_MS: {
    group: 'HTTP limits',
    default: '72000',
    description:
      'An idle kept-alive connection is closed after this long; longer than the 60 s idle timeout of common load balancers, so they never reuse a connection the server is closing.',
  },
  HTTP_CONNECTION_TIMEOUT_MS: {
    group: 'HTTP limits',
    default: '60000',
    description: 'A connection with no traffic in either direction for this long is closed; keep it above the longest request (a scrape).',
  },

  TRUST_PROXY: {
    group: 'Proxies and browsers',
    default: 'off',
    description:
      "Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed: comma-separated addresses or CIDRs, a hop count, or `true` (any sender: only where nothing else can reach the port). Off, the client address is the socket's.",
  },
  PUBLIC_ORIGIN: {
    group: 'Proxies and browsers',
    default: '',
    description:
      "The origin browsers reach the service at (`https://recipes.example.org`; no path): its host is served, it is the session routes' own origin, and an https one makes the session cookie `__Host-…; Secure` even when TLS ends at a proxy.",
  },
  ALLOWED_HOSTS: {
    group: 'Proxies and browsers',
    default: 'loopback names only on a loopback HOST; any name otherwise',
    description:
      "Comma-separated host names served besides loopback names and `PUBLIC_ORIGIN`'s (`recipes.lan,192.168.1.20:5000,[fd00::1]`; with a port, only on that port), or `*`; other names get 421 `MISDIRECTED_REQUEST`.",
  },
  CORS_ORIGINS: {
    group: 'Proxies and browsers',
    default: 'CORS off',
    description:
      'Comma-separated origins (`https://app.example.com`, no path) allowed to call the API from a browser, or `*`. Credentials are never allowed cross-origin.',
  },

  REGISTRATION: {
    group: 'Tokens and passwords',
    default: 'open',
    description:
      '`open`: anyone may register; `invite`: `POST /register` needs an `invite_code` (a household or admin invitation; a household invitation also joins that household); `closed`: nobody registers. In every mode the first account of an empty database may register without a code, and becomes the admin.',
  },

  RATE_LIMIT_LOGIN_PER_USER: {
    group: 'Rate limits',
    default: '5',
    description: 'Failed logins per username per window (any username, existing or not).',
  },
  RATE_LIMIT_LOGIN_PER_IP: { group: 'Rate limits', default: '20', description: 'Failed logins per client address per window.' },
  RATE_LIMIT_LOGIN_WINDOW: { group: 'Rate limits', default: '900', description: 'Window of the login limits, in seconds.' },
  RATE_LIMIT_PASSWORD_PER_USER: {
    group: 'Rate limits',
    default: '5',
    description: 'Wrong `current_password` values at `PUT /me/password` per user per window.',
  },
  RATE_LIMIT_PASSWORD_PER_IP: {
    group: 'Rate limits',
    default: '20',
    description: 'Wrong `current_password` values per client address per window.',
  },
  RATE_LIMIT_PASSWORD_WINDOW: { group: 'Rate limits', default: '900', description: 'Window of the password-change limits, in seconds.' },
  RATE_LIMIT_REGISTER_PER_IP: { group: 'Rate limits', default: '20', description: 'Registrations per client address per window.' },
  RATE_LIMIT_REGISTER_WINDOW: { group: 'Rate limits', default: '3600', description: 'Window of the registration limit, in seconds.' },
  RATE_LIMIT_GLOBAL_PER_IP: {
    group: 'Rate limits',
    default: '0',
    description:
      'Requests per client address per window on every route but `/health`; `0` is off (an edge proxy usually does this). When on, responses carry `RateLimit-*` headers.',
  },
  RATE_LIMIT_GLOBAL_WINDOW: { group: 'Rate limits', default: '60', description: 'Window of the general limit, in seconds.' },

  REDIS_URL: {
    group: 'Redis and caches',
    default: '',
    description:
      'Optional Redis (`redis://host:port[/db]` or `rediss://`): rate-limit counters shared by every process, revocations held in memory and kept current by pub/sub, and list caching on PostgreSQL. Needed as soon as there is more than one process on PostgreSQL.',
  },
  REDIS_KEY_PREFIX: {
    group: 'Redis and caches',
    default: 'gourmet:',
    description:
      'Prefix of every Redis key and channel, so several deployments can share one Redis (up to 64 characters of `[A-Za-z0-9_.:-]`).',
  },
  AUTH_USER_CACHE_TTL: {
    group: 'Redis and caches',
    default: '30',
    description:
      "With Redis: seconds a user's existence and session version may be served from memory (`0` reads them on every request). Only changes made by hand in the database wait this long.",
  },
  RECIPE_JSON_CACHE_MB: {
    group: 'Redis and caches',
    default: '32',
    description:
      "SQLite: MB of recipes' JSON texts each process keeps for listings (2 bytes per character), each for exactly one stored version (`0` keeps none).",
  },
  LIST_CACHE_MB: {
    group: 'Redis and caches',
    default: '64',
    description:
      'MB of listing answers (`GET /recipes`, `GET /tags`) a process keeps for repeated queries, counted as 2 bytes per character; an answer over an eighth of it is never kept (`0` keeps none).',
  },
  LIST_EVENTS_HEARTBEAT_SEC: {
    group: 'Redis and caches',
    default: '15',
    description:
      'Seconds between heartbeats of a shopping list’s live stream (`GET /lists/{id}/events`); each one also checks that the session is still valid, and closes the stream when it is not.',
  },
  PARSE_CACHE_MB: {
    group: 'Redis and caches',
    default: '8',
    description: 'MB of recently parsed ingredient lines a process keeps, so repeated lines are not parsed again.',
  },
  RECIPE_DEFAULT_VISIBILITY: {
    group: 'Recipes and ingredients',
    default: 'public',
    description:
      'The visibility of a new recipe that names none: `public` (every signed-in user), `household` (the owner’s household) or `private` (the owner).',
  },
  RECIPE_MAX_LINES: {
    group: 'Recipes and ingredients',
    default: '300',
    description:
      'Most ingredient lines per recipe (1–10,000): create and update above it answer 400, an import keeps the first ones and says how many it dropped in `X-Ingredient-Lines-Dropped`.',
  },
  INGREDIENT_WORKERS: {
    group: 'Recipes and ingredients',
    default: 'one per core, at least 2',
    description:
      'Worker threads for large ingredient work: parse batches, scaled/converted views and writes of long ingredients, the start-up re-parse (`0`: all on the event loop).',
  },
  INGREDIENT_MAX_PER_USER: {
    group: 'Recipes and ingredients',
    default: '2',
    description:
      'Large ingredient tasks one account may have in flight per process; one more gets 429 `TOO_MANY_REQUESTS` with `Retry-After: 1` at once (not queued).',
  },
  INGREDIENT_INLINE_MAX_CHARS: {
    group: 'Recipes and ingredients',
    default: '1000',
    description:
      'Ingredient work on at most this many characters (about 30 lines) stays on the event loop: a worker round trip costs more than the parse.',
  },

  LOG_LEVEL: {
    group: 'Metrics and logs',
    default: 'info',
    description: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.',
  },
  METRICS_TOKEN: {
    group: 'Metrics and logs',
    default: '',
    description: 'When set (at least 16 characters), `GET /metrics` requires `Authorization: Bearer <token>` (401 otherwise).',
  },
  METRICS_PUBLIC: {
    group: 'Metrics and logs',
    default: '`false` in production, else `true`',
    description: 'Without `METRICS_TOKEN`: whether `GET /metrics` answers anyone. In production it answers 403 unless this is `true`.',
  },
  ...FEATURE_VARIABLES,
};

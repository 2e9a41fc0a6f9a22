/**
 * Every environment variable the service reads, parsed and validated once at boot (fail fast).
 * Nothing else reads process.env.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { parseMovingConfig, type MovingConfig } from './config-moving.js';
import { list, oneOf, VISIBILITIES } from './config-choice.js';
import { parseAllowedHosts, parseCorsOrigins, parsePublicOrigin } from './config-hosts.js';
import { parseOidcConfig, type OidcConfig } from './config-oidc.js';
export { ConfigError } from './config-error.js';

export interface JwtKeyConfig {
  kid: string;
  /** HS256 secret, or PEM keys for EdDSA/RS256. */
  alg: 'HS256' | 'EdDSA' | 'RS256';
  secret?: string;
  privateKeyPem?: string;
  publicKeyPem?: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  databaseUrl: string;
  dbPoolSize: number;
  /** How long a request waits for a PostgreSQL connection before it fails with 503 (ms). */
  dbConnectTimeoutMs: number;
  /** Longest one PostgreSQL statement may run (ms); the server cancels it and the request gets 503. */
  dbStatementTimeoutMs: number;
  /** Worker processes for `npm run start:cluster` (default: one per CPU core). */
  workers: number;
  /** Signing keys, newest first: tokens are signed with keys[0] and verified with the key their `kid` names. */
  jwtKeys: JwtKeyConfig[];
  jwtIssuer: string;
  jwtAudience: string;
  jwtAccessTtl: number;
  jwtRefreshTtl: number;
  jwtClockToleranceSec: number;
  redisUrl?: string;
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken?: string;
  /** Without a token, whether /metrics answers at all: always outside production, in production only with METRICS_PUBLIC=true. */
  metricsPublic: boolean;
  /** Prepended to every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  /** With Redis: how long a user's existence/session version may be served from memory (out-of-band DB edits take this long). */
  authUserCacheTtlSec: number;
  /** Per process: how many MB (10^6 bytes, two per character) of recipes' JSON texts listings may keep (recipe-json-cache.ts); 0 keeps none. */
  recipeJsonCacheMb: number;
  /** Per process: MB of listing answers (GET /recipes, GET /tags) kept for repeated queries (recipes.service.ts ListCache); 0 keeps none. */
  listCacheMb: number;
  /** Per process: MB of recently parsed ingredient lines kept so repeated lines are not parsed again (ingredient-lines.ts). */
  parseCacheMb: number;
  /** LIST_EVENTS_HEARTBEAT_SEC: between heartbeats (and session checks) of a list's live stream. */
  listEventsHeartbeatSec: number;
  /** The most ingredient lines one recipe may have: create and update above it are 400, import keeps the first ones. */
  recipeMaxLines: number;
  /** RECIPE_DEFAULT_VISIBILITY and REGISTRATION (who may POST /register). */
  recipeDefaultVisibility: 'public' | 'household' | 'private';
  registration: 'open' | 'invite' | 'closed';
  trustProxy: boolean | string[] | number;
  corsOrigins: string[];
  /**
   * The origin browsers reach the service at (https://recipes.example.org), when set: its host is
   * served, it is the own origin of the session routes' Origin check, and an https one makes the
   * session cookie Secure and `__Host-` even when TLS ends at a proxy.
   */
  publicOrigin?: string;
  /** Host names (or host:port, [v6]:port) served besides loopback names and PUBLIC_ORIGIN's host; `*` serves any (src/lib/host-policy.ts). */
  allowedHosts: string[];
  bodyLimit: number;
  /**
   * Limits on how long a client may take (ms), so a slow or idle client cannot hold a connection:
   * the header block, the whole request (headers and body), a keep-alive connection between
   * requests, and a connection with no traffic at all while a request is served.
   */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; connectionTimeoutMs: number };
  rateLimit: {
    loginPerUser: number;
    loginPerIp: number;
    loginWindowSec: number;
    passwordPerUser: number;
    passwordPerIp: number;
    passwordWindowSec: number;
    registerPerIp: number;
    registerWindowSec: number;
    globalPerIp: number;
    globalWindowSec: number;
  };
  scrape: {
    allowHosts: string[];
    timeoutMs: number;
    maxBytes: number;
    maxConcurrent: number;
    maxPerUser: number;
    /** Extraction worker threads (default DEFAULT_EXTRACT_WORKERS). */
    extractWorkers: number;
    /** Longest one page's extraction may run in its worker before it is cut off (422) and the worker replaced (ms). */
    extractBudgetMs: number;
    /** Bounds checked before a page is parsed: elements, nesting depth, characters of one JSON-LD block. */
    maxElements: number;
    maxDepth: number;
    maxJsonLdChars: number;
  };
  /**
   * Recipes' pictures: the largest upload or fetched picture (bytes), the most pixels a picture
   * may declare, pictures re-encoded at once per process and waiting beyond those, and the
   * memory (MB) of the cache of variants served lately.
   */
  images: { maxBytes: number; maxPixels: number; maxConcurrent: number; maxQueued: number; cacheMb: number };
  /**
   * CPU-heavy ingredient work (recipes/ingredient-work.ts): worker threads for it, how many such
   * tasks one user may have in flight per process (more get 429), and the input size, in
   * characters of ingredient text, up to which it stays on the event loop.
   */
  ingredientWork: { workers: number; maxPerUser: number; inlineMaxChars: number };
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** Argon2 hashes computed at once per process; the rest wait their turn without using CPU. */
  passwordHashConcurrency: number;
  /** OpenID Connect sign-in (src/modules/oidc), when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
  oidc?: OidcConfig;
  /** Imports and exports (src/modules/moving): upload and archive limits, the reading workers. */
  moving: MovingConfig;
}

/**
 * Extraction worker threads by default: one per core, and at least two, so that one user's
 * heavy page never holds the only worker (the pool keeps a worker free for other users).
 */
export const DEFAULT_EXTRACT_WORKERS = Math.max(2, availableParallelism());

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function httpTimeouts(env: Env): Config['http'] {
  const headersTimeoutMs = int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  // Node refuses a header timeout longer than the request timeout (the headers are part of it).
  if (headersTimeoutMs > requestTimeoutMs)
    throw new ConfigError(
      `HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be longer than HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000),
    connectionTimeoutMs: int(env, 'HTTP_CONNECTION_TIMEOUT_MS', 60_000, 100, 3_600_000),
  };
}

function dataDirOf(databaseUrl: string): string {
  const m = /^sqlite:(.+)$/.exec(databaseUrl);
  if (m && m[1] !== ':memory:') return path.dirname(path.resolve(m[1]!));
  return path.resolve('data');
}

/** A development secret generated once and kept next to the database, so restarts keep sessions. */
function devSecret(databaseUrl: string): string {
  const dir = dataDirOf(databaseUrl);
  const file = path.join(dir, '.jwt-secret');
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch {
    /* not there yet */
  }
  const secret = randomBytes(48).toString('base64url');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(raw: string | undefined): Config['trustProxy'] {
  if (!raw || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return list(raw);
}

function parseJwtKeys(env: Env, databaseUrl: string, nodeEnv: Config['env']): JwtKeyConfig[] {
  // JWT_KEYS: JSON array [{kid, alg, secret | privateKeyPem/publicKeyPem}], newest first.
  if (env.JWT_KEYS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.JWT_KEYS);
    } catch {
      throw new ConfigError('JWT_KEYS must be a JSON array');
    }
    if (!Array.isArray(parsed) || parsed.length === 0) throw new ConfigError('JWT_KEYS must be a non-empty JSON array');
    const keys = parsed.map((k: Partial<JwtKeyConfig>, i): JwtKeyConfig => {
      if (!k || typeof k.kid !== 'string' || !/^[\w.-]{1,64}$/.test(k.kid))
        throw new ConfigError(`JWT_KEYS[${i}].kid must be 1-64 characters of [A-Za-z0-9_.-]`);
      const alg = k.alg ?? 'HS256';
      if (!['HS256', 'EdDSA', 'RS256'].includes(alg)) throw new ConfigError(`JWT_KEYS[${i}].alg must be HS256, EdDSA or RS256`);
      if (alg === 'HS256' && (typeof k.secret !== 'string' || k.secret.length < 32))
        throw new ConfigError(`JWT_KEYS[${i}].secret must be at least 32 characters`);
      if (alg !== 'HS256' && !k.publicKeyPem) throw new ConfigError(`JWT_KEYS[${i}] needs publicKeyPem`);
      return { kid: k.kid, alg, secret: k.secret, privateKeyPem: k.privateKeyPem, publicKeyPem: k.publicKeyPem };
    });
    if (keys[0]!.alg !== 'HS256' && !keys[0]!.privateKeyPem) throw new ConfigError('JWT_KEYS[0] (the signing key) needs privateKeyPem');
    if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new ConfigError('JWT_KEYS kids must be unique');
    return keys;
  }
  let secret = env.JWT_SECRET;
  if (secret !== undefined && secret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  if (!secret) {
    if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET (or JWT_KEYS) is required when NODE_ENV=production');
    secret = devSecret(databaseUrl);
  }
  return [{ kid: 'k1', alg: 'HS256', secret }];
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^rediss?:\/\/.+/.test(raw)) throw new ConfigError('REDIS_URL must be redis://host:port[/db] or rediss://...');
  return raw;
}

function parseRedisPrefix(raw: string | undefined): string {
  const prefix = raw ?? 'gourmet:';
  // Restricted so the prefix can be used inside a SCAN pattern without escaping.
  if (!/^[\w.:-]{0,64}$/.test(prefix)) throw new ConfigError('REDIS_KEY_PREFIX must be up to 64 characters of [A-Za-z0-9_.:-]');
  return prefix;
}

function metricsToken(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return raw;
}

export type DatabaseConfig = Pick<Config, 'databaseUrl' | 'dbPoolSize' | 'dbConnectTimeoutMs' | 'dbStatementTimeoutMs'>;

/** Only what opening the database needs: the migration CLI must not need (or create) a JWT secret. */
export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig {
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/recipes.db';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://...');
  return {
    databaseUrl,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 1000),
    dbConnectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 10_000, 100, 3_600_000),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const dbConfig = loadDatabaseConfig(env);
  const { databaseUrl } = dbConfig;
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    throw new ConfigError(`LOG_LEVEL "${logLevel}" is not a pino level`);
  const publicOrigin = parsePublicOrigin(env.PUBLIC_ORIGIN);
  const allowHosts = list(env.SCRAPE_ALLOW_HOSTS).map((h) => h.toLowerCase());
  for (const h of allowHosts)
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(h)) throw new ConfigError(`SCRAPE_ALLOW_HOSTS entry "${h}" must be host:port`);
  return {
    env: nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 5000, 0, 65535),
    logLevel,
    ...dbConfig,
    workers: int(env, 'WORKERS', availableParallelism(), 1, 256),
    jwtKeys: parseJwtKeys(env, databaseUrl, nodeEnv),
    jwtIssuer: env.JWT_ISSUER || 'gourmet-recipe-catalog',
    jwtAudience: env.JWT_AUDIENCE || 'gourmet-recipe-catalog-api',
    jwtAccessTtl: int(env, 'JWT_ACCESS_TTL', 900, 10, 86_400),
    jwtRefreshTtl: int(env, 'JWT_REFRESH_TTL', 14 * 86_400, 60, 365 * 86_400),
    jwtClockToleranceSec: int(env, 'JWT_CLOCK_TOLERANCE', 5, 0, 300),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    redisKeyPrefix: parseRedisPrefix(env.REDIS_KEY_PREFIX),
    authUserCacheTtlSec: int(env, 'AUTH_USER_CACHE_TTL', 30, 0, 3600),
    recipeJsonCacheMb: int(env, 'RECIPE_JSON_CACHE_MB', 32, 0, 4096),
    listCacheMb: int(env, 'LIST_CACHE_MB', 64, 0, 4096),
    parseCacheMb: int(env, 'PARSE_CACHE_MB', 8, 0, 1024),
    listEventsHeartbeatSec: int(env, 'LIST_EVENTS_HEARTBEAT_SEC', 15, 1, 300),
    recipeMaxLines: int(env, 'RECIPE_MAX_LINES', 300, 1, 10_000),
    recipeDefaultVisibility: oneOf('RECIPE_DEFAULT_VISIBILITY', env.RECIPE_DEFAULT_VISIBILITY, VISIBILITIES, 'public'),
    registration: oneOf('REGISTRATION', env.REGISTRATION, ['open', 'invite', 'closed'] as const, 'open'),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    metricsPublic: bool(env, 'METRICS_PUBLIC', nodeEnv !== 'production'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    publicOrigin,
    allowedHosts: parseAllowedHosts(env.ALLOWED_HOSTS),
    bodyLimit: int(env, 'BODY_LIMIT', 64 * 1024, 1024, 10 * 1024 * 1024),
    http: httpTimeouts(env),
    rateLimit: {
      loginPerUser: int(env, 'RATE_LIMIT_LOGIN_PER_USER', 5, 1, 1_000_000),
      loginPerIp: int(env, 'RATE_LIMIT_LOGIN_PER_IP', 20, 1, 1_000_000),
      loginWindowSec: int(env, 'RATE_LIMIT_LOGIN_WINDOW', 900, 1, 86_400),
      passwordPerUser: int(env, 'RATE_LIMIT_PASSWORD_PER_USER', 5, 1, 1_000_000),
      passwordPerIp: int(env, 'RATE_LIMIT_PASSWORD_PER_IP', 20, 1, 1_000_000),
      passwordWindowSec: int(env, 'RATE_LIMIT_PASSWORD_WINDOW', 900, 1, 86_400),
      registerPerIp: int(env, 'RATE_LIMIT_REGISTER_PER_IP', 20, 1, 1_000_000),
      registerWindowSec: int(env, 'RATE_LIMIT_REGISTER_WINDOW', 3600, 1, 86_400),
      globalPerIp: int(env, 'RATE_LIMIT_GLOBAL_PER_IP', 0, 0, 100_000_000),
      globalWindowSec: int(env, 'RATE_LIMIT_GLOBAL_WINDOW', 60, 1, 86_400),
    },
    scrape: {
      allowHosts,
      timeoutMs: int(env, 'SCRAPE_TIMEOUT_MS', 10_000, 100, 120_000),
      maxBytes: int(env, 'SCRAPE_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxConcurrent: int(env, 'SCRAPE_MAX_CONCURRENT', 16, 1, 1000),
      maxPerUser: int(env, 'SCRAPE_MAX_PER_USER', 2, 1, 1000),
      extractWorkers: int(env, 'SCRAPE_EXTRACT_WORKERS', DEFAULT_EXTRACT_WORKERS, 1, 256),
      extractBudgetMs: int(env, 'SCRAPE_EXTRACT_BUDGET_MS', 5000, 50, 60_000),
      maxElements: int(env, 'SCRAPE_MAX_ELEMENTS', 50_000, 100, 10_000_000),
      maxDepth: int(env, 'SCRAPE_MAX_DEPTH', 512, 16, 100_000),
      maxJsonLdChars: int(env, 'SCRAPE_MAX_JSON_LD_CHARS', 262_144, 1024, 100 * 1024 * 1024),
    },
    images: {
      maxBytes: int(env, 'IMAGE_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxPixels: int(env, 'IMAGE_MAX_PIXELS', 50_000_000, 1024, 1_000_000_000),
      // Half the cores, at least one: libvips uses several threads per picture already, and
      // libuv's pool (4 threads) is shared with file reads and DNS lookups.
      maxConcurrent: int(env, 'IMAGE_MAX_CONCURRENT', Math.max(1, Math.floor(availableParallelism() / 2)), 1, 64),
      maxQueued: int(env, 'IMAGE_MAX_QUEUED', 8, 0, 10_000),
      cacheMb: int(env, 'IMAGE_CACHE_MB', 32, 0, 4096),
    },
    ingredientWork: {
      workers: int(env, 'INGREDIENT_WORKERS', DEFAULT_EXTRACT_WORKERS, 0, 256),
      maxPerUser: int(env, 'INGREDIENT_MAX_PER_USER', 2, 1, 1000),
      inlineMaxChars: int(env, 'INGREDIENT_INLINE_MAX_CHARS', 1000, 0, 1_000_000),
    },
    argon2: {
      memoryCost: int(env, 'ARGON2_MEMORY_KIB', 19_456, 1024, 4_194_304),
      timeCost: int(env, 'ARGON2_TIME_COST', 2, 1, 100),
      parallelism: int(env, 'ARGON2_PARALLELISM', 1, 1, 16),
    },
    passwordHashConcurrency: int(env, 'ARGON2_MAX_CONCURRENT', 1, 1, 64),
    oidc: parseOidcConfig(env, bool(env, 'OIDC_ONLY', false), publicOrigin),
    moving: parseMovingConfig(env),
  };
}

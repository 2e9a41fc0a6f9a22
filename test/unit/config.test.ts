import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const base = { DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'x'.repeat(32) };

test('defaults follow the contract', () => {
  const c = loadConfig(base);
  assert.equal(c.port, 5000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.jwtAccessTtl, 900);
  assert.equal(c.jwtRefreshTtl, 14 * 86_400);
  assert.deepEqual(c.argon2, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  assert.equal(c.scrape.timeoutMs, 10_000);
  assert.equal(c.scrape.maxBytes, 5 * 1024 * 1024);
  assert.equal(c.trustProxy, false);
  assert.equal(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).databaseUrl, 'sqlite:./data/recipes.db');
});

test('bad values fail fast with a clear message', () => {
  const bad: Record<string, string>[] = [
    { PORT: 'eighty' },
    { PORT: '70000' },
    { JWT_SECRET: 'short' },
    { DATABASE_URL: 'mysql://x' },
    { JWT_ACCESS_TTL: '0' },
    { LOG_LEVEL: 'loud' },
    { SCRAPE_ALLOW_HOSTS: 'no-port-here' },
    { JWT_KEYS: '[]' },
    { JWT_KEYS: '[{"kid":"a","alg":"HS256","secret":"short"}]' },
  ];
  for (const env of bad) assert.throws(() => loadConfig({ ...base, ...env }), ConfigError, JSON.stringify(env));
});

test('production requires a JWT secret', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:' }), /JWT_SECRET/);
  assert.equal(loadConfig({ ...base, NODE_ENV: 'production' }).env, 'production');
});

test('TRUST_PROXY: off by default, a hop count or a list of proxies', () => {
  assert.equal(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy, 1);
  assert.deepEqual(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy, ['10.0.0.1', '10.0.0.2']);
});

test('token, rate-limit and Redis settings: defaults and validation', () => {
  const c = loadConfig(base);
  assert.deepEqual(c.rateLimit, {
    loginPerUser: 5,
    loginPerIp: 20,
    loginWindowSec: 900,
    passwordPerUser: 5,
    passwordPerIp: 20,
    passwordWindowSec: 900,
    registerPerIp: 20,
    registerWindowSec: 3600,
    globalPerIp: 0,
    globalWindowSec: 60,
  });
  assert.equal(c.metricsPublic, true, 'outside production');
  assert.equal(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).metricsPublic, false, 'in production');
  assert.equal(c.redisUrl, undefined);
  assert.equal(c.redisKeyPrefix, 'gourmet:');
  assert.equal(c.authUserCacheTtlSec, 30);
  assert.equal(c.recipeJsonCacheMb, 32);
  assert.equal(loadConfig({ ...base, RECIPE_JSON_CACHE_MB: '0' }).recipeJsonCacheMb, 0);
  assert.equal(c.listCacheMb, 64);
  assert.equal(c.parseCacheMb, 8);
  assert.equal(c.recipeMaxLines, 300);
  assert.equal(loadConfig({ ...base, LIST_CACHE_MB: '0', PARSE_CACHE_MB: '1', RECIPE_MAX_LINES: '20' }).listCacheMb, 0);
  assert.equal(loadConfig({ ...base, RECIPE_MAX_LINES: '20' }).recipeMaxLines, 20);
  assert.deepEqual(c.corsOrigins, []);
  assert.equal(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379/2' }).redisUrl, 'redis://127.0.0.1:6379/2');
  for (const env of [
    { REDIS_URL: 'http://127.0.0.1:6379' },
    { REDIS_KEY_PREFIX: 'has space' },
    { REDIS_KEY_PREFIX: 'glob*' },
    { RATE_LIMIT_LOGIN_PER_USER: '0' },
    { RATE_LIMIT_PASSWORD_PER_USER: '0' },
    { RATE_LIMIT_PASSWORD_WINDOW: 'x' },
    { METRICS_PUBLIC: 'maybe' },
    { RATE_LIMIT_GLOBAL_PER_IP: '-1' },
    { CORS_ORIGINS: 'https://a.example/x' },
    { AUTH_USER_CACHE_TTL: 'soon' },
    { RECIPE_JSON_CACHE_MB: '-1' },
    { RECIPE_JSON_CACHE_MB: 'lots' },
    { LIST_CACHE_MB: '-1' },
    { LIST_CACHE_MB: '1e3' },
    { PARSE_CACHE_MB: 'x' },
    { RECIPE_MAX_LINES: '0' },
    { RECIPE_MAX_LINES: '10001' },
  ]) {
    assert.throws(() => loadConfig({ ...base, ...env }), ConfigError, JSON.stringify(env));
  }
});

test('PUBLIC_ORIGIN is one origin (written as the URL parser writes it) and ALLOWED_HOSTS a list of names with optional ports', () => {
  assert.equal(loadConfig(base).publicOrigin, undefined);
  assert.deepEqual(loadConfig(base).allowedHosts, []);
  assert.equal(loadConfig({ ...base, PUBLIC_ORIGIN: 'https://Recipes.Example.org:443' }).publicOrigin, 'https://recipes.example.org');
  assert.equal(loadConfig({ ...base, PUBLIC_ORIGIN: 'http://192.168.1.20:5000/' }).publicOrigin, 'http://192.168.1.20:5000');
  assert.deepEqual(loadConfig({ ...base, ALLOWED_HOSTS: ' Recipes.LAN, 10.0.0.5:5000,[fd00::1]:80 ' }).allowedHosts, [
    'recipes.lan',
    '10.0.0.5:5000',
    '[fd00::1]:80',
  ]);
  assert.deepEqual(loadConfig({ ...base, ALLOWED_HOSTS: '*' }).allowedHosts, ['*']);
  for (const PUBLIC_ORIGIN of [
    'recipes.example.org',
    'https://recipes.example.org/app',
    'ftp://recipes.example.org',
    'https://u:p@recipes.example.org',
    'https://x?y',
    'https://',
  ]) {
    assert.throws(() => loadConfig({ ...base, PUBLIC_ORIGIN }), /PUBLIC_ORIGIN/, PUBLIC_ORIGIN);
  }
  for (const ALLOWED_HOSTS of ['http://recipes.lan', 'recipes.lan/x', 'a b', 'host:port', '-bad.example', 'under_score.example']) {
    assert.throws(() => loadConfig({ ...base, ALLOWED_HOSTS }), /ALLOWED_HOSTS/, ALLOWED_HOSTS);
  }
});

// Signing keys: several kids, asymmetric keys published as JWKS, and the header tricks that try
// to make the server pick the wrong key or algorithm. Keys are generated here, never committed.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { buildTestApp, freshDatabase, registerAndLogin } from '../helpers/build.js';
import { baseClaims } from '../helpers/tokens.js';

const SECRET_1 = 'first-hs256-secret-that-is-long-enough-000000';
const SECRET_2 = 'second-hs256-secret-that-is-long-enough-11111';

function edKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    kid,
    alg: 'EdDSA',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function rsaKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    alg: 'RS256',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const keysEnv = (...keys: object[]) => ({ JWT_KEYS: JSON.stringify(keys) });
const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An HS256 token with any header at all (jose would refuse to write some of these headers). */
function hmacToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Buffer): string {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

async function protectedStatus(app: FastifyInstance, token: string): Promise<number> {
  return (await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${token}` } })).statusCode;
}

test('key rotation: new tokens use the newest kid; old-kid tokens work until they expire, then not', async (t) => {
  const database = await freshDatabase(t);
  const before = await buildTestApp(t, { env: keysEnv({ kid: 'k1', alg: 'HS256', secret: SECRET_1 }), build: { database } });
  const user = await registerAndLogin(before.app);
  assert.equal(decodeProtectedHeader(user.token).kid, 'k1');

  // The operator puts a new key in front: same database, sessions survive.
  const after = await buildTestApp(t, {
    env: keysEnv({ kid: 'k2', alg: 'HS256', secret: SECRET_2 }, { kid: 'k1', alg: 'HS256', secret: SECRET_1 }),
    build: { database },
  });
  assert.equal(await protectedStatus(after.app, user.token), 200, 'a k1 token is still valid');
  const fresh = (await after.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: user.refreshToken } })).json();
  assert.equal(decodeProtectedHeader(fresh.access_token).kid, 'k2', 'new tokens are signed with the newest key');
  assert.equal(await protectedStatus(after.app, fresh.access_token), 200);
  assert.equal(await protectedStatus(before.app, fresh.access_token), 401, 'an instance that does not know k2 refuses it');

  // The old token expires on its own schedule.
  after.clock.advance((after.config.jwtAccessTtl + after.config.jwtClockToleranceSec + 1) * 1000);
  assert.equal(await protectedStatus(after.app, user.token), 401);

  // Once k1 is removed, a k1 token is refused even within its lifetime.
  const retired = await buildTestApp(t, { env: keysEnv({ kid: 'k2', alg: 'HS256', secret: SECRET_2 }), build: { database } });
  const again = await registerAndLogin(before.app);
  assert.equal(await protectedStatus(retired.app, again.token), 401);
});

test('EdDSA and RS256: tokens verify, and /.well-known/jwks.json publishes only public keys', async (t) => {
  const ed = edKey('ed-2025');
  const rs = rsaKey('rs-2024');
  const { app } = await buildTestApp(t, { env: keysEnv(ed, rs, { kid: 'h-old', alg: 'HS256', secret: SECRET_1 }) });
  const user = await registerAndLogin(app);
  assert.deepEqual(decodeProtectedHeader(user.token), { alg: 'EdDSA', kid: 'ed-2025', typ: 'JWT' });
  assert.equal(await protectedStatus(app, user.token), 200);

  const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['cache-control']), /max-age/);
  const jwks = res.json();
  assert.deepEqual(
    jwks.keys.map((k: { kid: string; alg: string; kty: string }) => [k.kid, k.alg, k.kty]),
    [
      ['ed-2025', 'EdDSA', 'OKP'],
      ['rs-2024', 'RS256', 'RSA'],
    ],
  );
  for (const k of jwks.keys) {
    for (const secretPart of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(k[secretPart], undefined, `${k.kid} leaks ${secretPart}`);
  }
  assert.ok(!res.body.includes(SECRET_1), 'HS256 secrets are never published');
  // A third party can verify our tokens with the published set alone.
  const { payload } = await jwtVerify(user.token, createLocalJWKSet(jwks), {
    issuer: 'gourmet-recipe-catalog',
    audience: 'gourmet-recipe-catalog-api',
  });
  assert.equal(payload.sub, String(user.id));

  // Tokens of the older asymmetric and symmetric keys are still accepted.
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...baseClaims(user.id, now), sid: 'other-session' };
  const rsToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'rs-2024' })
    .sign((await import('node:crypto')).createPrivateKey(rs.privateKeyPem));
  assert.equal(await protectedStatus(app, rsToken), 200);
  assert.equal(await protectedStatus(app, hmacToken({ alg: 'HS256', kid: 'h-old', typ: 'JWT' }, claims, SECRET_1)), 200);
});

test('HS256 signed with the public key, and alg/kid mismatches, are refused', async (t) => {
  const ed = edKey('ed1');
  const rs = rsaKey('rs1');
  const { app } = await buildTestApp(t, { env: keysEnv(ed, rs, { kid: 'h1', alg: 'HS256', secret: SECRET_1 }) });
  const user = await registerAndLogin(app);
  const claims = baseClaims(user.id);
  const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
  const attacks: Record<string, string> = {
    'HS256 with the Ed25519 public PEM': hmacToken({ alg: 'HS256', kid: 'ed1', typ: 'JWT' }, claims, ed.publicKeyPem),
    'HS256 with the RSA public PEM': hmacToken({ alg: 'HS256', kid: 'rs1', typ: 'JWT' }, claims, rs.publicKeyPem),
    'HS256 with the RSA public PEM, no trailing newline': hmacToken(
      { alg: 'HS256', kid: 'rs1', typ: 'JWT' },
      claims,
      rs.publicKeyPem.trim(),
    ),
    'HS256 with the published JWK x': hmacToken({ alg: 'HS256', kid: 'ed1', typ: 'JWT' }, claims, Buffer.from(jwks.keys[0].x, 'base64url')),
    'HS256 with the published JWK as JSON': hmacToken({ alg: 'HS256', kid: 'ed1', typ: 'JWT' }, claims, JSON.stringify(jwks.keys[0])),
    // A valid HS256 signature, but the kid names an RS256 key: the kid decides the algorithm.
    'HS256 secret under an RS256 kid': hmacToken({ alg: 'HS256', kid: 'rs1', typ: 'JWT' }, claims, SECRET_1),
    'alg none under an EdDSA kid': `${enc({ alg: 'none', kid: 'ed1' })}.${enc(claims)}.`,
    'embedded jwk header': hmacToken(
      { alg: 'HS256', kid: 'h-attacker', jwk: { kty: 'oct', k: Buffer.from('attacker').toString('base64url') } },
      claims,
      'attacker',
    ),
  };
  for (const [label, token] of Object.entries(attacks)) assert.equal(await protectedStatus(app, token), 401, label);
  // Sanity: the same claims signed properly are accepted, so the 401s above are about the signature.
  assert.equal(await protectedStatus(app, hmacToken({ alg: 'HS256', kid: 'h1', typ: 'JWT' }, claims, SECRET_1)), 200);
});

test('unknown and hostile kids get 401 and cause no lookups beyond the configured keys', async (t) => {
  const { app } = await buildTestApp(t, { env: keysEnv({ kid: 'k1', alg: 'HS256', secret: SECRET_1 }) });
  const user = await registerAndLogin(app);
  const claims = baseClaims(user.id);
  const hostile: unknown[] = [
    undefined,
    '',
    'k2',
    'K1',
    'k1 ',
    ' k1',
    'k1\u0000',
    '../../../../etc/passwd',
    '/dev/null',
    'file:///etc/passwd',
    "k1' OR '1'='1",
    'k1; DROP TABLE users; --',
    'http://127.0.0.1:1/key',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'k'.repeat(10_000),
    ['k1'],
    { $ne: null },
    1,
    true,
    null,
  ];
  for (const kid of hostile) {
    const header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' };
    if (kid !== undefined) header.kid = kid;
    const res = await app.inject({
      method: 'GET',
      url: '/protected',
      headers: { authorization: `Bearer ${hmacToken(header, claims, SECRET_1)}` },
    });
    assert.equal(res.statusCode, 401, `kid ${JSON.stringify(kid)?.slice(0, 40)}`);
    assert.ok(!/passwd|SQL|ENOENT|stack/i.test(res.body));
  }
  // The users table is intact and the same token under the configured kid is fine.
  assert.equal(await protectedStatus(app, hmacToken({ alg: 'HS256', kid: 'k1', typ: 'JWT' }, claims, SECRET_1)), 200);
});

test('with only HS256 keys the JWKS is empty', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { keys: [] });
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const op = spec.paths['/.well-known/jwks.json']?.get;
  assert.ok(op, 'the JWKS route is documented');
  assert.deepEqual(op.tags, ['auth']);
  assert.deepEqual(op.security, [], 'and public');
});

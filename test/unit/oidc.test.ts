// The pure parts of single sign-on: its configuration (https issuer except on loopback), the
// usernames made for new accounts, the admin-group check, the return path, and the sealed flow cookie.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ConfigError, loadConfig } from '../../src/config.js';
import { FlowSealer, flowKeyMaterial, type OidcFlow } from '../../src/modules/oidc/flow-cookie.js';
import { isAdminGroupMember, safeReturnPath, usernameBase, usernameCandidates, usernameFrom } from '../../src/modules/oidc/oidc-claims.js';

const base = { DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'x'.repeat(32) };
const oidc = {
  OIDC_ISSUER: 'https://auth.example.org',
  OIDC_CLIENT_ID: 'recipes',
  OIDC_CLIENT_SECRET: 's3cret',
  PUBLIC_ORIGIN: 'https://recipes.example.org',
};

test('configuration: off by default; on with the three variables; the redirect URI from PUBLIC_ORIGIN', () => {
  assert.equal(loadConfig(base).oidc, undefined);
  const c = loadConfig({ ...base, ...oidc }).oidc!;
  assert.equal(c.issuer, 'https://auth.example.org');
  assert.equal(c.redirectUri, 'https://recipes.example.org/auth/oidc/callback');
  assert.equal(c.providerName, 'auth.example.org', "the issuer's host by default");
  assert.deepEqual(c.scopes, ['openid', 'profile']);
  assert.equal(c.only, false);
  assert.equal(c.adminGroup, undefined);
  const d = loadConfig({
    ...base,
    ...oidc,
    OIDC_REDIRECT_URI: 'https://food.example.org/auth/oidc/callback',
    OIDC_PROVIDER_NAME: 'Authentik',
    OIDC_SCOPES: 'openid,profile groups',
    OIDC_ONLY: 'true',
    OIDC_ADMIN_GROUP: 'recipe-admins',
  }).oidc!;
  assert.deepEqual(
    [d.redirectUri, d.providerName, d.scopes, d.only, d.adminGroup],
    ['https://food.example.org/auth/oidc/callback', 'Authentik', ['openid', 'profile', 'groups'], true, 'recipe-admins'],
  );
});

test('configuration: a plain-http issuer is refused unless it is on a loopback address', () => {
  for (const issuer of ['http://auth.example.org', 'http://192.168.1.10:9000', 'http://10.0.0.1', 'http://[fd00::1]']) {
    assert.throws(
      () => loadConfig({ ...base, ...oidc, OIDC_ISSUER: issuer }),
      (err: Error) => err instanceof ConfigError && /must use https/.test(err.message),
      issuer,
    );
  }
  for (const issuer of ['http://127.0.0.1:9000', 'http://127.8.9.10', 'http://localhost:8080/realms/home', 'http://[::1]:9000']) {
    assert.equal(loadConfig({ ...base, ...oidc, OIDC_ISSUER: issuer }).oidc?.issuer, issuer);
  }
  assert.throws(
    () => loadConfig({ ...base, ...oidc, OIDC_REDIRECT_URI: 'http://recipes.example.org/auth/oidc/callback' }),
    /OIDC_REDIRECT_URI must use https/,
  );
});

test('configuration: half-set, malformed or contradictory settings stop the start with a message naming them', () => {
  const bad: [Record<string, string>, RegExp][] = [
    [{ OIDC_ISSUER: oidc.OIDC_ISSUER }, /missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET/],
    [{ OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }, /missing: OIDC_ISSUER/],
    [{ ...oidc, OIDC_ISSUER: 'ftp://auth.example.org' }, /OIDC_ISSUER must be an https/],
    [{ ...oidc, OIDC_ISSUER: 'https://user:pw@auth.example.org' }, /without credentials/],
    [{ ...oidc, OIDC_ISSUER: 'https://auth.example.org/?realm=x' }, /query/],
    [{ ...oidc, OIDC_ISSUER: 'not a url' }, /OIDC_ISSUER/],
    [{ ...oidc, PUBLIC_ORIGIN: '' }, /PUBLIC_ORIGIN \(or OIDC_REDIRECT_URI\)/],
    [{ ...oidc, OIDC_SCOPES: 'profile email' }, /must include openid/],
    [{ ...oidc, OIDC_SCOPES: 'openid pro"file' }, /character a scope may not have/],
    [{ ...oidc, OIDC_PROVIDER_NAME: 'x'.repeat(61) }, /at most 60/],
    [{ OIDC_ONLY: 'true' }, /nobody could sign in/],
    [{ ...oidc, OIDC_ONLY: 'maybe' }, /OIDC_ONLY must be true or false/],
  ];
  for (const [env, message] of bad) {
    assert.throws(
      () => loadConfig({ ...base, ...env }),
      (err: Error) => err instanceof ConfigError && message.test(err.message),
      JSON.stringify(env),
    );
  }
});

test('usernames: from preferred_username, else name, else nickname; accents dropped, spaces as dots, within the account rules', () => {
  assert.equal(usernameBase({ preferred_username: 'ana.souza', name: 'Ana' }), 'ana.souza');
  assert.equal(usernameBase({ name: 'José da Silva' }), 'Jose.da.Silva');
  assert.equal(usernameBase({ preferred_username: 'ana@example.org' }), 'anaexample.org');
  assert.equal(usernameBase({ preferred_username: '日本語', name: 'Zoë' }), 'Zoe');
  assert.equal(usernameBase({ preferred_username: '  ', nickname: 'bo' }), 'bo-user');
  assert.equal(usernameBase({ preferred_username: 42, name: ['x'] }), 'user');
  assert.equal(usernameBase({}), 'user');
  assert.equal(usernameFrom('..--a__b..'), 'a_b');
  const rule = /^[A-Za-z0-9_.-]{3,80}$/;
  fc.assert(
    fc.property(
      fc.record({
        preferred_username: fc.option(fc.string({ unit: 'grapheme', maxLength: 300 })),
        name: fc.option(fc.string({ maxLength: 300 })),
      }),
      (claims) => {
        const name = usernameBase(claims);
        assert.match(name, rule);
        for (const candidate of [
          ...take(
            usernameCandidates(name, () => 'abcdef123'),
            25,
          ),
        ])
          assert.match(candidate, rule);
      },
    ),
    { seed: 25, numRuns: 500 },
  );
});

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const v of it) {
    if (i++ >= n) return;
    yield v;
  }
}

test('usernames: candidates are the base, then -2 … -20, then random suffixes', () => {
  const list = [
    ...take(
      usernameCandidates('ana', () => 'f00dbeef'),
      23,
    ),
  ];
  assert.deepEqual(list.slice(0, 3), ['ana', 'ana-2', 'ana-3']);
  assert.equal(list[19], 'ana-20');
  assert.deepEqual(list.slice(20), ['ana-f00dbe', 'ana-f00dbe', 'ana-f00dbe']);
  assert.deepEqual(
    [
      ...take(
        usernameCandidates('ana', () => 'c0ffee99', true),
        2,
      ),
    ],
    ['ana-c0ffee', 'ana-c0ffee'],
  );
});

test('admin group: the groups claim must name the group exactly; nothing else counts', () => {
  assert.equal(isAdminGroupMember({ groups: ['cooks', 'recipe-admins'] }, 'recipe-admins'), true);
  assert.equal(isAdminGroupMember({ groups: 'recipe-admins' }, 'recipe-admins'), true);
  assert.equal(isAdminGroupMember({ groups: ['cooks'] }, 'recipe-admins'), false);
  assert.equal(isAdminGroupMember({ groups: ['Recipe-Admins'] }, 'recipe-admins'), false, 'case matters, as at the providers');
  assert.equal(isAdminGroupMember({ groups: ['/recipe-admins'] }, 'recipe-admins'), false, 'a Keycloak full path is another name');
  assert.equal(isAdminGroupMember({ groups: 'recipe-admins-2' }, 'recipe-admins'), false);
  assert.equal(isAdminGroupMember({}, 'recipe-admins'), false);
  assert.equal(isAdminGroupMember({ groups: [{ name: 'recipe-admins' }, 7, null] }, 'recipe-admins'), false);
  assert.equal(isAdminGroupMember({ groups: { 'recipe-admins': true } }, 'recipe-admins'), false);
});

test('return path: only a path of this site', () => {
  for (const ok of ['/', '/recipe/7', '/recipe/7?servings=2#steps', '/a%20b']) assert.equal(safeReturnPath(ok), ok);
  for (const bad of [
    undefined,
    '',
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '/%2fevil.example',
    '/%5Cevil.example',
    'recipe/7',
    '/a\nb',
    '/%E0%A4%A',
    `/${'a'.repeat(2001)}`,
  ]) {
    assert.equal(safeReturnPath(bad), '/', String(bad));
  }
});

const flow: OidcFlow = { state: 's'.repeat(43), nonce: 'n'.repeat(43), verifier: 'v'.repeat(43), next: '/recipe/7', expiresAt: 1_000_000 };

test('flow cookie: opens what it sealed until it expires; sealed, so nothing in it is readable', () => {
  const sealer = new FlowSealer(['a-secret-of-at-least-32-characters-000']);
  const sealed = sealer.seal(flow);
  assert.deepEqual(sealer.open(sealed, 999_999), flow);
  assert.equal(sealer.open(sealed, 1_000_000), undefined, 'expired');
  assert.ok(!Buffer.from(sealed.slice(3), 'base64url').toString('latin1').includes('recipe'), 'not readable');
  assert.notEqual(sealer.seal(flow), sealed, 'a fresh IV each time');
});

test('flow cookie: any changed byte, another key, or garbage is refused; a key being rotated out still opens', () => {
  const sealer = new FlowSealer(['a-secret-of-at-least-32-characters-000']);
  const sealed = sealer.seal(flow);
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  for (let i = 0; i < raw.length; i++) {
    const copy = Buffer.from(raw);
    copy[i]! ^= 0x01;
    assert.equal(sealer.open(`v1.${copy.toString('base64url')}`, 0), undefined, `byte ${i} changed`);
  }
  assert.equal(new FlowSealer(['another-secret-of-at-least-32-characters']).open(sealed, 0), undefined);
  for (const junk of [undefined, '', 'v1.', 'v2.' + sealed.slice(3), 'v1.AAAA', 'v1.' + 'A'.repeat(5000), sealed + '%%'])
    assert.equal(sealer.open(junk, 0), undefined, String(junk).slice(0, 20));
  const rotated = new FlowSealer(['the-new-secret-of-at-least-32-characters', 'a-secret-of-at-least-32-characters-000']);
  assert.deepEqual(rotated.open(sealed, 0), flow);
  assert.deepEqual(
    flowKeyMaterial([
      { kid: 'a', alg: 'EdDSA', publicKeyPem: 'pub' },
      { kid: 'b', alg: 'HS256', secret: 'sec' },
      { kid: 'c', alg: 'RS256', privateKeyPem: 'priv', publicKeyPem: 'pub' },
    ]),
    ['sec', 'priv'],
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SHIPPED_HASHING_ENV, buildTestApp, registerAndLogin, uniqueUsername } from '../helpers/build.js';

test('register creates a user and answers 201 with its id', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'POST', url: '/register', payload: { username: 'ana.maria-1_x', password: 'pässwörd-ünïcode' } });
  assert.equal(res.statusCode, 201);
  assert.deepEqual(Object.keys(res.json()).sort(), ['id', 'msg']);
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username: 'ana.maria-1_x', password: 'pässwörd-ünïcode' } });
  assert.equal(login.statusCode, 200);
});

test('duplicate usernames get 409, also when they differ only in case', async (t) => {
  const { app } = await buildTestApp(t);
  const first = await app.inject({ method: 'POST', url: '/register', payload: { username: 'Bob', password: 'password-one' } });
  assert.equal(first.statusCode, 201);
  for (const username of ['Bob', 'bob', 'BOB']) {
    const res = await app.inject({ method: 'POST', url: '/register', payload: { username, password: 'password-two' } });
    assert.equal(res.statusCode, 409, username);
    assert.equal(res.json().error, 'User already exists');
  }
  // The original password still works: nothing was overwritten.
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username: 'bob', password: 'password-one' } });
  assert.equal(login.statusCode, 200);
});

test('invalid registrations get 400 and create nothing', async (t) => {
  const { app } = await buildTestApp(t);
  const bad: unknown[] = [
    {},
    { username: 'abc' },
    { password: 'password123' },
    { username: 'ab', password: 'password123' },
    { username: 'x'.repeat(81), password: 'password123' },
    { username: 'bad name', password: 'password123' },
    { username: 'аdmin', password: 'password123' }, // Cyrillic а: a look-alike
    { username: 'zero\u200bwidth', password: 'password123' },
    { username: 'short', password: 'seven77' },
    { username: 'long', password: 'p'.repeat(257) },
    { username: 123456, password: 'password123' },
    { username: 'typed', password: 12345678 },
    ['username', 'password'],
  ];
  for (const payload of bad) {
    const res = await app.inject({ method: 'POST', url: '/register', payload: payload as object });
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.equal(typeof res.json().error, 'string');
  }
  const malformed = await app.inject({
    method: 'POST',
    url: '/register',
    headers: { 'content-type': 'application/json' },
    payload: '{"username": "x"',
  });
  assert.equal(malformed.statusCode, 400);
  assert.match(malformed.json().error, /JSON/);
  const users = await app.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(users.n), 0);
});

test('login: unknown user and wrong password get the same 401', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const wrong = await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: 'not-the-password' } });
  const unknown = await app.inject({
    method: 'POST',
    url: '/login',
    payload: { username: uniqueUsername('ghost'), password: 'not-the-password' },
  });
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.statusCode, 401);
  assert.deepEqual(wrong.json(), unknown.json());
  assert.deepEqual(wrong.json(), { error: 'Invalid credentials', code: 'INVALID_CREDENTIALS' });
});

test('passwords are compared exactly: no trimming, no case folding, NFC and NFD agree', async (t) => {
  const { app } = await buildTestApp(t);
  const nfc = 'Café crème 42';
  const user = await registerAndLogin(app, uniqueUsername(), nfc);
  const attempt = (password: string) => app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password } });
  assert.equal((await attempt(nfc.normalize('NFD'))).statusCode, 200);
  assert.equal((await attempt(` ${nfc}`)).statusCode, 401);
  assert.equal((await attempt(nfc.toLowerCase())).statusCode, 401);
  // Usernames are case-insensitive for login too.
  const upper = await app.inject({ method: 'POST', url: '/login', payload: { username: user.username.toUpperCase(), password: nfc } });
  assert.equal(upper.statusCode, 200);
});

test('password hashes are Argon2id with the OWASP parameters and never leave the server', async (t) => {
  const { app } = await buildTestApp(t, { env: SHIPPED_HASHING_ENV });
  const user = await registerAndLogin(app);
  const row = await app.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  const me = await app.inject({ method: 'GET', url: '/me', headers: user.auth });
  assert.equal(me.statusCode, 200);
  assert.deepEqual(Object.keys(me.json()).sort(), ['created_at', 'default_visibility', 'household_id', 'id', 'role', 'username']);
  assert.equal(me.json().username, user.username);
  assert.ok(!me.body.includes('argon2'));
});

test('a hash made with weaker parameters is upgraded on the next login', async (t) => {
  const { app } = await buildTestApp(t, { env: SHIPPED_HASHING_ENV });
  const user = await registerAndLogin(app);
  const { hash } = await import('@node-rs/argon2');
  const weak = await hash(user.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
  await app.db.updateTable('users').set({ password_hash: weak }).where('id', '=', user.id).execute();
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: user.password } });
  assert.equal(login.statusCode, 200);
  const row = await app.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.match(row.password_hash, /m=19456,t=2,p=1/);
});

test('access tokens carry the registered claims; sub is the user id as a string', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const [header, payload] = user.token
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  assert.equal(header.alg, 'HS256');
  assert.equal(header.kid, 'k1');
  assert.equal(payload.sub, String(user.id));
  for (const claim of ['iss', 'aud', 'iat', 'nbf', 'exp', 'jti']) assert.ok(payload[claim] !== undefined, claim);
  assert.equal(payload.exp - payload.iat, 900);
});

test('errors never leak internals', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/nope' });
  assert.equal(res.statusCode, 404);
  assert.equal(typeof res.json().error, 'string');
  const wrongType = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
  assert.equal(wrongType.statusCode, 415);
  assert.equal(typeof wrongType.json().error, 'string');
});

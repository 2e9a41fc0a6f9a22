// The teaching app's own flow, end to end over real HTTP: register, login, Bearer on /protected,
// create a recipe, filter it, update it, delete it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, uniqueUsername } from '../helpers/build.js';

test('course flow over real HTTP', async (t) => {
  const { app } = await buildTestApp(t);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const json = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };

  const username = uniqueUsername('chef');
  const reg = await json('POST', '/register', { username, password: 'supersecret1' });
  assert.equal(reg.status, 201);
  assert.equal(reg.body.msg, 'User created');
  assert.equal(typeof reg.body.id, 'number');

  const login = await json('POST', '/login', { username, password: 'supersecret1' });
  assert.equal(login.status, 200);
  assert.equal(login.body.token_type, 'Bearer');
  assert.equal(login.body.expires_in, 900);
  const token: string = login.body.access_token;

  const prot = await json('GET', '/protected', undefined, token);
  assert.deepEqual(prot, { status: 200, headers: prot.headers, body: { logged_in_as: String(reg.body.id) } });

  const created = await json(
    'POST',
    '/recipes',
    { title: 'Bolo de cenoura', ingredients: 'cenoura, ovos, farinha, açúcar', time_minutes: 50 },
    token,
  );
  assert.equal(created.status, 201);
  assert.equal(created.body.owner_id, reg.body.id);
  assert.equal(created.body.title, 'Bolo de cenoura');
  const id = created.body.id;
  await json('POST', '/recipes', { title: 'Pão', ingredients: 'farinha, água, sal', time_minutes: 240 }, token);

  const found = await json('GET', '/recipes?ingredient=CENOURA&max_time=60', undefined, token);
  assert.equal(found.status, 200);
  assert.deepEqual(
    found.body.map((r: { id: number }) => r.id),
    [id],
  );
  assert.equal(found.headers.get('x-total-count'), '1');
  const tooShort = await json('GET', '/recipes?ingredient=cenoura&max_time=49', undefined, token);
  assert.deepEqual(tooShort.body, []);

  const updated = await json('PUT', `/recipes/${id}`, { time_minutes: 45 }, token);
  assert.equal(updated.status, 200);
  assert.equal(updated.body.time_minutes, 45);
  assert.equal(updated.body.title, 'Bolo de cenoura', 'partial update keeps other fields');

  const del = await json('DELETE', `/recipes/${id}`, undefined, token);
  assert.equal(del.status, 204);
  const gone = await json('GET', `/recipes/${id}`, undefined, token);
  assert.equal(gone.status, 404);
  assert.equal(typeof gone.body.error, 'string');
});

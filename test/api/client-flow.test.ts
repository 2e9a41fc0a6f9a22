// The course flow through the generated client (clients/typescript) against a real listening
// server: register, login, protected, create, list with filters reading X-Total-Count, read with
// If-None-Match, update with If-Match, refresh, logout. Type errors here fail `npm run typecheck`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { createClient, isApiError, type Recipe } from '../../clients/typescript/index.js';
import { buildTestApp, uniqueUsername } from '../helpers/build.js';

test('the course flow through the generated TypeScript client', async (t) => {
  const { app } = await buildTestApp(t);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const api = createClient({ baseUrl });
  const username = uniqueUsername('client');
  const password = 'correct horse battery';

  const reg = await api.POST('/register', { body: { username, password } });
  assert.equal(reg.response.status, 201);
  assert.equal(reg.data?.msg, 'User created');
  const userId = reg.data!.id;

  const login = await api.POST('/login', { body: { username, password } });
  assert.equal(login.response.status, 200);
  assert.equal(login.data?.token_type, 'Bearer');
  api.setToken(login.data!.access_token);

  const who = await api.GET('/protected');
  assert.deepEqual(who.data, { logged_in_as: String(userId) });

  const created = await api.POST('/recipes', {
    body: { title: 'Bolo de cenoura', ingredients: 'cenoura\novos\nfarinha', time_minutes: 50 },
  });
  assert.equal(created.response.status, 201);
  const recipe: Recipe = created.data!;
  assert.equal(recipe.owner_id, userId);
  assert.equal(created.response.headers.get('location'), `/recipes/${recipe.id}`);
  await api.POST('/recipes', { body: { title: 'Pão', ingredients: 'farinha, água, sal', time_minutes: 240 } });

  const list = await api.GET('/recipes', { params: { query: { ingredient: 'CENOURA', max_time: 60, mine: true } } });
  assert.equal(list.response.status, 200);
  assert.deepEqual(
    list.data?.map((r) => r.id),
    [recipe.id],
  );
  assert.equal(list.response.headers.get('x-total-count'), '1');
  const page = await api.GET('/recipes', { params: { query: { sort: 'title', limit: 1, offset: 1 } } });
  assert.equal(page.data?.length, 1);
  assert.equal(page.response.headers.get('x-total-count'), '2');
  assert.match(page.response.headers.get('link') ?? '', /rel="prev"/);

  const read = await api.GET('/recipes/{id}', { params: { path: { id: recipe.id } } });
  const etag = read.response.headers.get('etag')!;
  assert.ok(etag);
  const unchanged = await api.GET('/recipes/{id}', { params: { path: { id: recipe.id }, header: { 'if-none-match': etag } } });
  assert.equal(unchanged.response.status, 304);

  const updated = await api.PUT('/recipes/{id}', {
    params: { path: { id: recipe.id }, header: { 'if-match': etag } },
    body: { time_minutes: 45 },
  });
  assert.equal(updated.response.status, 200);
  assert.equal(updated.data?.time_minutes, 45);
  assert.equal(updated.data?.title, 'Bolo de cenoura');
  const stale = await api.PUT('/recipes/{id}', {
    params: { path: { id: recipe.id }, header: { 'if-match': etag } },
    body: { time_minutes: 40 },
  });
  assert.equal(stale.response.status, 412);
  assert.ok(isApiError(stale.error));
  assert.equal(stale.error?.code, 'PRECONDITION_FAILED');

  const refreshed = await api.POST('/refresh', { body: { refresh_token: login.data!.refresh_token } });
  assert.equal(refreshed.response.status, 200);
  api.setToken(refreshed.data!.access_token);
  const reused = await api.POST('/refresh', { body: { refresh_token: login.data!.refresh_token } });
  assert.equal(reused.response.status, 401);

  const fresh = createClient({ baseUrl, token: (await api.POST('/login', { body: { username, password } })).data!.access_token });
  const out = await fresh.POST('/logout');
  assert.deepEqual(out.data, { msg: 'Logged out' });
  const after = await fresh.GET('/protected');
  assert.equal(after.response.status, 401);
  assert.equal(after.error?.code, 'UNAUTHORIZED');
});

test('the docs show the client example that npm run typecheck compiles', () => {
  const example = fs.readFileSync('clients/typescript/example.ts', 'utf8').split('\n').slice(2).join('\n');
  for (const readme of ['docs/api.md', 'clients/typescript/README.md']) {
    assert.ok(fs.readFileSync(readme, 'utf8').includes(`\`\`\`ts\n${example}\`\`\``), `${readme} shows clients/typescript/example.ts`);
  }
});

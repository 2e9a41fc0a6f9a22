// A picture uploaded through the generated client (clients/typescript): the bytes go as they are,
// with their media type; the recipe comes back with its image, and the image URL serves WebP.
// Type errors here fail `npm run typecheck`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient, type Recipe } from '../../clients/typescript/index.js';
import { buildTestApp, uniqueUsername } from '../helpers/build.js';
import { jpegWithExif } from '../helpers/images.js';

test('the typed client uploads a picture and removes it', async (t) => {
  const { app } = await buildTestApp(t);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const api = createClient({ baseUrl });
  const username = uniqueUsername('photo');
  await api.POST('/register', { body: { username, password: 'correct horse battery' } });
  const login = await api.POST('/login', { body: { username, password: 'correct horse battery' } });
  api.setToken(login.data!.access_token);
  const created = await api.POST('/recipes', { body: { title: 'Torta', ingredients: 'massa', time_minutes: 30 } });
  const id = created.data!.id;

  const bytes = new Uint8Array(await jpegWithExif(1000, 500));
  const put = await api.PUT('/recipes/{id}/image', {
    params: { path: { id } },
    body: new Blob([bytes], { type: 'image/jpeg' }),
    headers: { 'content-type': 'image/jpeg' },
    // The bytes as they are (the default serializer writes JSON).
    bodySerializer: (body) => body as Blob,
  });
  assert.equal(put.response.status, 200, JSON.stringify(put.error));
  const recipe: Recipe = put.data!;
  assert.equal(recipe.image?.width, 1000);
  assert.deepEqual(
    recipe.image?.variants.map((v) => v.width),
    [320, 640, 1000],
  );
  const served = await fetch(new URL(recipe.image!.url, baseUrl));
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/webp');

  const del = await api.DELETE('/recipes/{id}/image', { params: { path: { id } } });
  assert.equal(del.response.status, 204);
  const read = await api.GET('/recipes/{id}', { params: { path: { id } } });
  assert.equal(read.data?.image, null);
});

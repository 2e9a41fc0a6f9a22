/**
 * If-Match uses the strong comparison (RFC 9110 13.1.1): a weak tag never matches, so a PUT or
 * DELETE with `W/"<current etag>"` is 412 and changes nothing; a malformed If-Match is 400.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ifMatchAllows, parseEntityTagList } from '../../src/lib/entity-tags.js';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

test('PUT and DELETE with a weak If-Match of the current ETag are 412 and change nothing', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user);
  const id = created.json().id;
  const etag = String(created.headers.etag);
  for (const weak of [`W/${etag}`, `"0-0", W/${etag}`]) {
    const put = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': weak }, payload: { title: 'Changed' } });
    assert.equal(put.statusCode, 412, `${weak}: ${put.body}`);
    assert.equal(put.json().code, 'PRECONDITION_FAILED');
    const del = await app.inject({ method: 'DELETE', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': weak } });
    assert.equal(del.statusCode, 412, `${weak}: ${del.body}`);
  }
  const now = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
  assert.equal(now.statusCode, 200);
  assert.equal(now.json().title, 'Saffron risotto');
  assert.equal(now.headers.etag, etag, 'nothing was written');
  // The strong tag, alone or in a list, still works.
  const put = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': `"0-0", ${etag}` }, payload: { title: 'Changed' } });
  assert.equal(put.statusCode, 200, put.body);
  const del = await app.inject({ method: 'DELETE', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': String(put.headers.etag) } });
  assert.equal(del.statusCode, 204);
});

test('a malformed If-Match is 400, not a silent mismatch', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user);
  const id = created.json().id;
  for (const bad of ['1-1', '"unterminated', 'W/', '"a" "b"', 'w/"1-1"']) {
    const put = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': bad }, payload: { title: 'Changed' } });
    assert.equal(put.statusCode, 400, `${bad}: ${put.body}`);
    assert.equal(put.json().code, 'BAD_REQUEST');
  }
  const now = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
  assert.equal(now.json().title, 'Saffron risotto');
});

test('entity-tag lists: *, strong and weak tags, empty elements; weak never matches', () => {
  assert.equal(parseEntityTagList(' * '), '*');
  assert.deepEqual(parseEntityTagList('"a", W/"b" ,, "c,d"'), [
    { weak: false, opaque: '"a"' }, { weak: true, opaque: '"b"' }, { weak: false, opaque: '"c,d"' },
  ]);
  assert.equal(parseEntityTagList(''), null);
  assert.equal(parseEntityTagList('"a" b'), null);
  assert.equal(parseEntityTagList('"a b"'), null);
  assert.equal(ifMatchAllows('W/"1-2"', '"1-2"'), false);
  assert.equal(ifMatchAllows('"1-2"', '"1-2"'), true);
  assert.equal(ifMatchAllows('*', '"1-2"'), true);
  assert.equal(ifMatchAllows('"1-3"', '"1-2"'), false);
});

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
    const put = await app.inject({
      method: 'PUT',
      url: `/recipes/${id}`,
      headers: { ...user.auth, 'if-match': weak },
      payload: { title: 'Changed' },
    });
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
  const put = await app.inject({
    method: 'PUT',
    url: `/recipes/${id}`,
    headers: { ...user.auth, 'if-match': `"0-0", ${etag}` },
    payload: { title: 'Changed' },
  });
  assert.equal(put.statusCode, 200, put.body);
  const del = await app.inject({
    method: 'DELETE',
    url: `/recipes/${id}`,
    headers: { ...user.auth, 'if-match': String(put.headers.etag) },
  });
  assert.equal(del.statusCode, 204);
});

test('a view ETag matches only as issued: the stored version plus a view the server gives, nothing appended or altered', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user, { servings: 4, ingredients: '2 cups flour\n1 egg' });
  const id = created.json().id;
  const stored = String(created.headers.etag).slice(1, -1);
  const views: string[] = [];
  for (const q of ['factor=2', 'servings=6', 'units=metric', 'factor=0.5&units=us']) {
    views.push(String((await app.inject({ method: 'GET', url: `/recipes/${id}?${q}`, headers: user.auth })).headers.etag));
  }
  assert.deepEqual(views, [
    `"${stored};factor=2"`,
    `"${stored};factor=1.5"`,
    `"${stored};factor=1;units=metric"`,
    `"${stored};factor=0.5;units=us"`,
  ]);
  const forged = [
    ';garbage',
    ';',
    ';factor=2;garbage',
    ';factor=2.0',
    ';factor=02',
    ';factor=1000',
    ';factor=0',
    ';factor=NaN',
    ';factor=Infinity',
    ';units=metric',
    ';factor=2;units=imperial',
    ';factor=2;units=metric;units=us',
    ';factor=2 ',
    ';factor=2e0',
    ';factor=-1',
  ];
  for (const suffix of forged) {
    const tag = `"${stored}${suffix}"`;
    const put = await app.inject({
      method: 'PUT',
      url: `/recipes/${id}`,
      headers: { ...user.auth, 'if-match': tag },
      payload: { title: 'Forged' },
    });
    assert.ok(put.statusCode === 412 || put.statusCode === 400, `${tag}: ${put.statusCode} ${put.body}`);
    const del = await app.inject({ method: 'DELETE', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': tag } });
    assert.ok(del.statusCode === 412 || del.statusCode === 400, `${tag}: ${del.statusCode}`);
  }
  const now = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
  assert.equal(now.json().title, 'Saffron risotto');
  assert.equal(String(now.headers.etag), `"${stored}"`, 'nothing was written');
  // Every view's tag, as issued, still lets the write through.
  let etag = '';
  for (const view of views) {
    const put = await app.inject({
      method: 'PUT',
      url: `/recipes/${id}`,
      headers: { ...user.auth, 'if-match': etag ? view.replace(stored, etag.slice(1, -1)) : view },
      payload: { time_minutes: 30 + views.indexOf(view) },
    });
    assert.equal(put.statusCode, 200, `${view}: ${put.body}`);
    etag = String(put.headers.etag);
  }
});

test('a malformed If-Match is 400, not a silent mismatch', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user);
  const id = created.json().id;
  for (const bad of ['1-1', '"unterminated', 'W/', '"a" "b"', 'w/"1-1"']) {
    const put = await app.inject({
      method: 'PUT',
      url: `/recipes/${id}`,
      headers: { ...user.auth, 'if-match': bad },
      payload: { title: 'Changed' },
    });
    assert.equal(put.statusCode, 400, `${bad}: ${put.body}`);
    assert.equal(put.json().code, 'BAD_REQUEST');
  }
  const now = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
  assert.equal(now.json().title, 'Saffron risotto');
});

test('entity-tag lists: *, strong and weak tags, empty elements; weak never matches', () => {
  assert.equal(parseEntityTagList(' * '), '*');
  assert.deepEqual(parseEntityTagList('"a", W/"b" ,, "c,d"'), [
    { weak: false, opaque: '"a"' },
    { weak: true, opaque: '"b"' },
    { weak: false, opaque: '"c,d"' },
  ]);
  assert.equal(parseEntityTagList(''), null);
  assert.equal(parseEntityTagList('"a" b'), null);
  assert.equal(parseEntityTagList('"a b"'), null);
  assert.equal(ifMatchAllows('W/"1-2"', '"1-2"'), false);
  assert.equal(ifMatchAllows('"1-2"', '"1-2"'), true);
  assert.equal(ifMatchAllows('*', '"1-2"'), true);
  assert.equal(ifMatchAllows('"1-3"', '"1-2"'), false);
});

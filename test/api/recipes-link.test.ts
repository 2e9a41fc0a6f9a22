// The Link header of GET /recipes (RFC 8288) is built from the query as sent: every other
// parameter kept in place and as encoded, limit and offset set where they were (else appended),
// and any character that would end or break a URI reference inside <...> percent-encoded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

test('Link keeps the other parameters as sent and encodes what would break the header', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (let i = 0; i < 3; i++) await createRecipe(app, user, { title: `Soup ${i}`, ingredients: 'whole milk' });
  const link = async (url: string) => String((await app.inject({ method: 'GET', url, headers: user.auth })).headers.link);
  assert.equal(
    await link('/recipes?ingredient=whole%20milk&limit=1&offset=1'),
    '</recipes?ingredient=whole%20milk&limit=1&offset=0>; rel="first", </recipes?ingredient=whole%20milk&limit=1&offset=0>; rel="prev", ' +
      '</recipes?ingredient=whole%20milk&limit=1&offset=2>; rel="next", </recipes?ingredient=whole%20milk&limit=1&offset=2>; rel="last"',
  );
  // limit and offset stay where they were; missing ones are appended.
  assert.match(await link('/recipes?offset=0&q=soup&limit=2'), /^<\/recipes\?offset=0&q=soup&limit=2>; rel="first"/);
  assert.match(await link('/recipes?q=soup'), /^<\/recipes\?q=soup&limit=20&offset=0>; rel="first"/);
  // A comma or semicolon in a value would split the header's link-values: encoded.
  const odd = await link('/recipes?q=so,up;x&limit=1');
  assert.match(odd, /q=so%2Cup%3Bx&limit=1&offset=0>; rel="first"/);
  assert.equal(odd.split(', ').length, 2, 'first and last only (no match): two link-values');
});

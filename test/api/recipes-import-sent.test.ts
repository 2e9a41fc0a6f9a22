// POST /recipes/import and POST /scrape/recipe with the page itself ({"html", "url"?}) or plain
// text ({"text"}): the same extractor as a fetched page, nothing fetched, the preview saves
// nothing, and bad input (oversized, empty, binary, no recipe, wrong shape) is a clear 4xx that
// changes nothing.
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { startFixtureServer, testPage } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());

const TEXT = `Grandma's pancakes

Serves 4 | Prep: 10 min | Cook: 20 min

Ingredients
- 200 g flour
- 2 eggs
- 300 ml milk
For the topping:
- 2 tbsp maple syrup

Method
1. Whisk the flour, eggs and milk into a smooth batter.
2. Fry ladlefuls in a hot buttered pan for 2 minutes a side.
3. Serve with the syrup.
`;

async function setup(t: TestContext, env: Record<string, string> = {}) {
  const { app } = await buildTestApp(t, { env: { SCRAPE_ALLOW_HOSTS: srv.hostPort, SCRAPE_TIMEOUT_MS: '2000', ...env } });
  const user = await registerAndLogin(app);
  const send = (url: string, payload: unknown, headers: Record<string, string> = user.auth) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const count = async () => Number((await app.inject({ method: 'GET', url: '/recipes', headers: user.auth })).headers['x-total-count']);
  return { app, user, send, count };
}

test('import from a sent page: extracted like a fetched one, url only resolves links and is source_url, nothing fetched', async (t) => {
  const { app, user, send } = await setup(t);
  const before = srv.requests.length;
  const html = testPage('microdata-partial');
  const url = 'https://bakes.example/cakes/lemon';
  const res = await send('/recipes/import', { html, url });
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  assert.equal(r.owner_id, user.id);
  assert.equal(r.title, 'Lemon drizzle cake');
  assert.equal(r.ingredients.split('\n').length, 5);
  assert.equal(r.servings, 8);
  assert.equal(r.source_url, url);
  assert.equal(r.image_url, 'https://bakes.example/img/lemon-cake.jpg', 'the relative image resolved against the url sent');
  assert.equal(srv.requests.length, before, 'nothing was fetched, not even the url');

  // Without a url: absolute links stay, relative ones cannot resolve, source_url is null.
  const bare = await send('/recipes/import', { html });
  assert.equal(bare.statusCode, 201, bare.body);
  assert.equal(bare.json().source_url, null);
  assert.equal(bare.json().image_url, null);
  const got = await app.inject({ method: 'GET', url: `/recipes/${bare.json().id}`, headers: user.auth });
  assert.equal(got.json().title, 'Lemon drizzle cake');
});

test('import from text: title, sections, groups, servings and time; source_url null', async (t) => {
  const { send } = await setup(t);
  const res = await send('/recipes/import', { text: TEXT });
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  assert.equal(r.title, "Grandma's pancakes");
  assert.equal(r.ingredients, '200 g flour\n2 eggs\n300 ml milk\n2 tbsp maple syrup');
  assert.equal(
    r.instructions,
    'Whisk the flour, eggs and milk into a smooth batter.\nFry ladlefuls in a hot buttered pan for 2 minutes a side.\nServe with the syrup.',
  );
  assert.equal(r.servings, 4);
  assert.equal(r.time_minutes, 30);
  assert.equal(r.source_url, null);
});

test('POST /scrape/recipe previews every body kind with the same result and saves nothing', async (t) => {
  const { send, count } = await setup(t);
  const html = testPage('recipe-card-groups');
  const fromHtml = await send('/scrape/recipe', { html, url: 'https://tacos.example/fish' });
  assert.equal(fromHtml.statusCode, 200, fromHtml.body);
  const body = fromHtml.json();
  assert.equal(body.source_url, 'https://tacos.example/fish');
  assert.deepEqual(body.ingredient_groups, [
    { name: 'For the fish', ingredients: ['500 g white fish fillets', '1 tsp chilli powder'] },
    { name: 'For the salsa', ingredients: ['1 mango, diced', '1/2 red onion, finely chopped', '1 lime, juiced'] },
  ]);
  assert.deepEqual(
    body.ingredients,
    body.ingredient_groups.flatMap((g: { ingredients: string[] }) => g.ingredients),
    'ingredients stays the flat list',
  );

  const fromUrl = await send('/scrape/recipe', { url: srv.url('/pages/recipe-card-groups.html') });
  assert.equal(fromUrl.statusCode, 200, fromUrl.body);
  assert.deepEqual(
    { ...(fromUrl.json() as object), source_url: null },
    { ...(body as object), source_url: null },
    'a sent page extracts exactly like the fetched one',
  );

  const fromText = await send('/scrape/recipe', { text: TEXT });
  assert.equal(fromText.statusCode, 200, fromText.body);
  assert.deepEqual(fromText.json().ingredient_groups, [
    { name: null, ingredients: ['200 g flour', '2 eggs', '300 ml milk'] },
    { name: 'For the topping', ingredients: ['2 tbsp maple syrup'] },
  ]);
  assert.deepEqual(fromText.json().tags, []);

  const tags = await send('/scrape/recipe', { html: testPage('json-ld-pie') });
  assert.deepEqual(
    tags.json().tags,
    ['Dinner', 'Australian', 'pie', 'beef', 'comfort food'],
    'category, cuisine, keywords; unique ignoring case',
  );
  assert.equal(await count(), 0, 'the preview saved nothing');
});

test('bad sent pages and texts: oversized 413, empty 400, binary 400, no recipe 422, wrong shape 400; nothing saved', async (t) => {
  const { send, count, app } = await setup(t, { SCRAPE_MAX_BYTES: '20000' });
  for (const route of ['/recipes/import', '/scrape/recipe']) {
    for (const key of ['html', 'text'] as const) {
      const what = `${route} ${key}`;
      const big = await send(route, { [key]: `<p>${'a'.repeat(20_001)}</p>` });
      assert.equal(big.statusCode, 413, `${what} oversized: ${big.body}`);
      assert.equal(big.json().code, 'PAYLOAD_TOO_LARGE');
      // Past the request body limit itself (2 × SCRAPE_MAX_BYTES + 64 KiB) Fastify refuses it before parsing.
      const huge = await send(route, { [key]: 'a'.repeat(120_000) });
      assert.equal(huge.statusCode, 413, `${what} over the body limit: ${huge.body}`);
      assert.ok(huge.json().error && huge.json().code, huge.body);
      for (const empty of ['', '   \n\t ']) {
        const res = await send(route, { [key]: empty });
        assert.equal(res.statusCode, 400, `${what} empty ${JSON.stringify(empty)}: ${res.body}`);
        assert.ok(res.json().code, res.body);
      }
      const binary = await send(route, { [key]: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000' });
      assert.equal(binary.statusCode, 400, `${what} binary: ${binary.body}`);
      assert.match(binary.json().error, /binary/);
      const controls = await send(route, { [key]: Array.from({ length: 400 }, (_, i) => String.fromCharCode(1 + (i % 7))).join('') });
      assert.equal(controls.statusCode, 400, `${what} control characters: ${controls.body}`);
      const none = await send(route, {
        [key]: key === 'html' ? '<html><body><p>Just a note.</p></body></html>' : 'Just a note about my day.\nNothing to cook.',
      });
      assert.equal(none.statusCode, 422, `${what} no recipe: ${none.body}`);
      assert.match(none.json().error, /no recipe/i);
    }
    for (const payload of [
      {},
      { html: '<p>x</p>', text: 'x' },
      { text: 'x', url: 'https://a.example/' },
      { html: 42 },
      { html: '<p>x</p>', url: 'not a url' },
      { html: '<p>x</p>', owner_id: 1 },
    ]) {
      const res = await send(route, payload);
      assert.equal(res.statusCode, 400, `${route} ${JSON.stringify(payload)}: ${res.body}`);
    }
    const octets = await app.inject({
      method: 'POST',
      url: route,
      headers: { ...(await registerAndLogin(app)).auth, 'content-type': 'application/octet-stream' },
      payload: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
    });
    assert.equal(octets.statusCode, 415, `${route} binary body: ${octets.body}`);
  }
  assert.equal(await count(), 0);
});

test('a sent page over the default 64 KiB body limit is accepted (the page limit is SCRAPE_MAX_BYTES)', async (t) => {
  const { send } = await setup(t);
  const filler = `<p>${'Some long article prose about the dish. '.repeat(4000)}</p>`;
  const html = testPage('json-ld-pie').replace('<main>', `<main>${filler}`);
  assert.ok(html.length > 150_000);
  const res = await send('/scrape/recipe', { html });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().title, 'Family meat pie');
});

test('sent pages and texts need a token', async (t) => {
  const { send } = await setup(t);
  assert.equal((await send('/recipes/import', { text: TEXT }, {})).statusCode, 401);
  assert.equal((await send('/scrape/recipe', { html: '<p>x</p>' }, {})).statusCode, 401);
});

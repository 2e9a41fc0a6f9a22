// Recipes' pictures: upload, by URL, refusals (made in the test: an SVG with a script, HTML sent as
// image/png, a truncated JPEG, a PNG declaring 20000x20000, 11 MiB, another user's recipe), what
// is served (no metadata, orientation applied, never enlarged, caching headers, 304), and when a
// picture is removed. Runs on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { createDatabase } from '../../src/db/database.js';
import { EncodeQueue } from '../../src/modules/images/image-codec.js';
import { buildTestApp, createTestSchema, registerAndLogin, testDatabaseUrl, type LoggedInUser } from '../helpers/build.js';
import { needsPostgres } from '../helpers/services.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { HTML_PAGE, jpegWithExif, pngDeclaring, pngOf, SVG_WITH_SCRIPT } from '../helpers/images.js';

const srv = await startFixtureServer();
after(() => srv.close());

async function setup(t: TestContext, env: Record<string, string> = {}) {
  const { app } = await buildTestApp(t, { env: { SCRAPE_ALLOW_HOSTS: srv.hostPort, SCRAPE_TIMEOUT_MS: '3000', ...env } });
  const user = await registerAndLogin(app);
  return { app, user };
}

async function newRecipe(app: FastifyInstance, user: LoggedInUser, title = 'Pão de queijo'): Promise<number> {
  const res = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: { title, ingredients: 'polvilho\nqueijo', time_minutes: 40 },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

const upload = (app: FastifyInstance, user: LoggedInUser, id: number, body: Buffer | object, type = 'image/jpeg') =>
  app.inject({
    method: 'PUT',
    url: `/recipes/${id}/image`,
    headers: { ...user.auth, 'content-type': Buffer.isBuffer(body) ? type : 'application/json' },
    payload: Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });

interface Image {
  url: string;
  width: number;
  height: number;
  variants: { url: string; width: number; height: number; type: string }[];
}

test('an upload is re-encoded: WebP variants, orientation applied, no EXIF or GPS, never enlarged; served immutable with ETag and 304', async (t) => {
  const { app, user } = await setup(t);
  const id = await newRecipe(app, user);
  // 800x600 stored sideways (EXIF orientation 6: rotate 90° to show): shown 600 wide, 800 high.
  const jpeg = await jpegWithExif(800, 600, { orientation: 6 });
  assert.ok((await sharp(jpeg).metadata()).exif, 'the upload carries EXIF');
  assert.ok(jpeg.includes('SecretCam'));
  const put = await upload(app, user, id, jpeg);
  assert.equal(put.statusCode, 200, put.body);
  const image = put.json().image as Image;
  assert.deepEqual(
    image.variants.map((v) => [v.width, v.height]),
    [
      [320, 427],
      [600, 800],
    ],
    'never wider than the picture, orientation applied',
  );
  assert.equal(image.url, image.variants[1]!.url);
  assert.deepEqual([image.width, image.height], [600, 800]);
  assert.match(image.url, /^\/images\/[0-9a-f]{64}\.webp$/);

  for (const v of image.variants) {
    const res = await app.inject({ url: v.url });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/webp');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
    const meta = await sharp(res.rawPayload).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', v.width, v.height]);
    assert.equal(meta.exif, undefined, 'no EXIF served');
    assert.equal(meta.icc, undefined);
    assert.equal(meta.orientation, undefined);
    assert.ok(!res.rawPayload.includes('SecretCam') && !res.rawPayload.includes('Exif'), 'no byte of the metadata');
    // Orientation applied to the pixels: the gradient's red grows along x before the turn, so along y after it.
    const { data, info } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    assert.ok(Math.abs(px(0, 0) - px(info.width - 1, 0)) < 40, 'red does not change along the shown width');
    assert.ok(Math.abs(px(0, 0) - px(0, info.height - 1)) > 150, 'red changes along the shown height');

    const etag = res.headers.etag as string;
    assert.equal(etag, `"${/([0-9a-f]{64})/.exec(v.url)![1]}"`);
    const again = await app.inject({ url: v.url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
    const other = await app.inject({ url: v.url, headers: { 'if-none-match': '"something-else"' } });
    assert.equal(other.statusCode, 200);
  }

  // Every recipe response carries the picture.
  const got = await app.inject({ url: `/recipes/${id}`, headers: user.auth });
  assert.deepEqual(got.json().image, image);
  assert.equal(got.headers.etag, put.headers.etag);
  const list = await app.inject({ url: '/recipes?mine=true', headers: user.auth });
  assert.deepEqual(list.json()[0].image, image);
  const scaled = await app.inject({ url: `/recipes/${id}?factor=2`, headers: user.auth });
  assert.deepEqual(scaled.json().image, image);
  const updated = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: user.auth, payload: { time_minutes: 41 } });
  assert.deepEqual(updated.json().image, image);
  const fresh = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: { title: 'Sem foto', ingredients: 'x', time_minutes: 1 },
  });
  assert.equal(fresh.json().image, null);
  // Unknown picture: 404.
  assert.equal((await app.inject({ url: `/images/${'0'.repeat(64)}.webp` })).statusCode, 404);
  assert.equal((await app.inject({ url: '/images/not-a-hash.webp' })).statusCode, 404);
});

test('a large picture gets three variants at 320, 640 and 1280 wide; a PNG with alpha, a GIF and a WebP are taken', async (t) => {
  const { app, user } = await setup(t);
  const id = await newRecipe(app, user);
  const put = await upload(app, user, id, await jpegWithExif(2000, 1000, { gps: false }));
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(
    (put.json().image as Image).variants.map((v) => [v.width, v.height]),
    [
      [320, 160],
      [640, 320],
      [1280, 640],
    ],
  );
  for (const [type, bytes] of [
    ['image/png', await pngOf(300, 200)],
    [
      'image/gif',
      await sharp({ create: { width: 50, height: 40, channels: 3, background: '#f00' } })
        .gif()
        .toBuffer(),
    ],
    [
      'image/webp',
      await sharp({ create: { width: 700, height: 70, channels: 3, background: '#00f' } })
        .webp()
        .toBuffer(),
    ],
  ] as const) {
    const res = await upload(app, user, id, bytes, type);
    assert.equal(res.statusCode, 200, `${type}: ${res.body}`);
    const { width } = res.json().image as Image;
    assert.equal(width, Math.min(1280, (await sharp(bytes).metadata()).width!));
  }
});

test('bad pictures are refused before anything is stored, and the old picture stays', async (t) => {
  const { app, user } = await setup(t);
  const id = await newRecipe(app, user);
  const first = await upload(app, user, id, await pngOf(400, 300));
  assert.equal(first.statusCode, 200);
  const before = first.json().image as Image;
  const etagBefore = first.headers.etag;
  const jpeg = await jpegWithExif(640, 480);
  const cases: [string, Buffer, string, number][] = [
    ['an SVG with a script', SVG_WITH_SCRIPT, 'image/svg+xml', 415],
    ['an SVG sent as image/png', SVG_WITH_SCRIPT, 'image/png', 415],
    ['HTML sent as image/png', HTML_PAGE, 'image/png', 415],
    ['bytes of no format', Buffer.from('just some text, not a picture at all'), 'image/jpeg', 415],
    ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'image/jpeg', 422],
    ['a JPEG cut after its header', jpeg.subarray(0, 200), 'image/jpeg', 422],
    ['a PNG declaring 20000x20000', pngDeclaring(20_000, 20_000), 'image/png', 422],
    ['11 MiB', Buffer.concat([jpeg, Buffer.alloc(11 * 1024 * 1024 - jpeg.length)]), 'image/jpeg', 413],
  ];
  for (const [what, bytes, type, status] of cases) {
    const res = await upload(app, user, id, bytes, type);
    assert.equal(res.statusCode, status, `${what}: ${res.body}`);
    assert.ok(res.json().code, `${what}: an error code`);
  }
  // A type that is not an image at all has no parser on this route.
  const octets = await upload(app, user, id, jpeg, 'application/octet-stream');
  assert.equal(octets.statusCode, 415);
  // Another user's recipe, and no recipe: refused before the body is read.
  const stranger = await registerAndLogin(app);
  assert.equal((await upload(app, stranger, id, jpeg)).statusCode, 403);
  assert.equal((await upload(app, stranger, id, { url: srv.url('/photo.png') })).statusCode, 403);
  assert.equal((await app.inject({ method: 'DELETE', url: `/recipes/${id}/image`, headers: stranger.auth })).statusCode, 403);
  assert.equal((await upload(app, user, 999_999, jpeg)).statusCode, 404);
  assert.equal(
    (await app.inject({ method: 'PUT', url: `/recipes/${id}/image`, headers: { 'content-type': 'image/jpeg' }, payload: jpeg })).statusCode,
    401,
  );

  const now = await app.inject({ url: `/recipes/${id}`, headers: user.auth });
  assert.deepEqual(now.json().image, before, "the old picture is still the recipe's");
  assert.equal(now.headers.etag, etagBefore, 'and the recipe did not change');
  for (const v of before.variants) assert.equal((await app.inject({ url: v.url })).statusCode, 200);
});

test('a larger body than IMAGE_MAX_BYTES is refused without reading it: by Content-Length, and chunked as soon as it passes', async (t) => {
  const { app, user } = await setup(t, { IMAGE_MAX_BYTES: String(1024 * 1024) });
  const id = await newRecipe(app, user);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const send = (headers: Record<string, string | number>, chunks: number) =>
    new Promise<{ status: number; sent: number }>((resolve, reject) => {
      const req = http.request(`${base}/recipes/${id}/image`, {
        method: 'PUT',
        headers: { ...user.auth, 'content-type': 'image/jpeg', ...headers },
      });
      let sent = 0;
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode!, sent });
        req.destroy();
      });
      req.on('error', (err) => (sent > 0 ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 0xff);
      const pump = () => {
        while (sent < chunks) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  // 11 MiB declared: answered from the header.
  const declared = await send({ 'content-length': 11 * 1024 * 1024 }, 176);
  assert.equal(declared.status, 413);
  // Chunked, without a length: cut once past 1 MiB, not read to the 11 MiB end.
  const chunked = await send({ 'transfer-encoding': 'chunked' }, 176);
  assert.equal(chunked.status, 413);
  assert.ok(chunked.sent < 176, `answered after ${chunked.sent} of 176 chunks`);
});

test("by URL: fetched through the scraper's guard", async (t) => {
  const { app, user } = await setup(t);
  const id = await newRecipe(app, user);
  const png = await pngOf(500, 250, '#c33');
  srv.routes.set('/photo.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(png);
  });
  srv.routes.set('/moved.png', (_req, res) => {
    res.writeHead(302, { location: '/photo.png' });
    res.end();
  });
  srv.routes.set('/to-internal.png', (_req, res) => {
    res.writeHead(302, { location: 'http://10.0.0.1/photo.png' });
    res.end();
  });
  srv.routes.set('/page-as-image', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(HTML_PAGE);
  });
  const ok = await upload(app, user, id, { url: srv.url('/moved.png') });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((ok.json().image as Image).width, 500);
  assert.equal(ok.json().image_url, null, "image_url is the cook's own field");
  assert.equal((await upload(app, user, id, { url: srv.url('/to-internal.png') })).statusCode, 403, 'a redirect to an internal address');
  assert.equal(
    (await upload(app, user, id, { url: `http://127.0.0.1:${srv.port + 0}/photo.png`.replace('127.0.0.1', 'localhost') })).statusCode,
    403,
  );
  assert.equal((await upload(app, user, id, { url: srv.url('/page-as-image') })).statusCode, 415);
  assert.equal((await upload(app, user, id, { url: 'ftp://example.org/x.png' })).statusCode, 400);
  const still = await app.inject({ url: `/recipes/${id}`, headers: user.auth });
  assert.equal((still.json().image as Image).width, 500);
});

test('a picture no recipe uses is removed; one another recipe shows is kept', async (t) => {
  const { app, user } = await setup(t);
  const a = await newRecipe(app, user, 'A');
  const b = await newRecipe(app, user, 'B');
  const picture = await pngOf(300, 300, '#123456');
  const onA = (await upload(app, user, a, picture, 'image/png')).json().image as Image;
  const onB = (await upload(app, user, b, picture, 'image/png')).json().image as Image;
  assert.deepEqual(onA, onB, 'the same picture is stored once');
  const served = (url: string) => app.inject({ url }).then((r) => r.statusCode);

  // Replaced on A: still B's.
  const other = (await upload(app, user, a, await pngOf(200, 100, '#abcdef'), 'image/png')).json().image as Image;
  assert.notEqual(other.url, onA.url, 'a new picture, a new URL');
  assert.equal(await served(onA.url), 200);
  // Removed from B: nobody shows it any more.
  const del = await app.inject({ method: 'DELETE', url: `/recipes/${b}/image`, headers: user.auth });
  assert.equal(del.statusCode, 204);
  assert.equal((await app.inject({ url: `/recipes/${b}`, headers: user.auth })).json().image, null);
  for (const v of onA.variants) assert.equal(await served(v.url), 404);
  assert.equal(
    (await app.inject({ method: 'DELETE', url: `/recipes/${b}/image`, headers: user.auth })).statusCode,
    204,
    'nothing to remove is fine',
  );
  // The recipe deleted: its picture goes.
  assert.equal(await served(other.url), 200);
  assert.equal((await app.inject({ method: 'DELETE', url: `/recipes/${a}`, headers: user.auth })).statusCode, 204);
  assert.equal(await served(other.url), 404);
  const left = await app.db
    .selectFrom('image_variants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(left.n), 0);
});

test("POST /recipes/import stores the page's picture; a picture that cannot be had does not fail the import", async (t) => {
  const { app, user } = await setup(t);
  const png = await pngOf(900, 600, '#e94');
  srv.routes.set('/dish.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(png);
  });
  const page = (image: string) =>
    `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Recipe',
      name: 'Moqueca',
      image,
      recipeIngredient: ['1 kg fish', '200 ml coconut milk'],
      recipeInstructions: 'Cook it.',
    })}</script></head><body></body></html>`;
  srv.routes.set('/moqueca', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page(srv.url('/dish.png')));
  });
  srv.routes.set('/moqueca-broken', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page(srv.url('/missing.png')));
  });
  srv.routes.set('/moqueca-svg', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page(srv.url('/evil.svg')));
  });
  srv.routes.set('/evil.svg', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/svg+xml' });
    res.end(SVG_WITH_SCRIPT);
  });

  const ok = await app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { url: srv.url('/moqueca') } });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().image_url, srv.url('/dish.png'), 'image_url keeps the source address');
  const image = ok.json().image as Image;
  assert.deepEqual(
    image.variants.map((v) => v.width),
    [320, 640, 900],
  );
  assert.equal((await app.inject({ url: image.url })).statusCode, 200);
  assert.equal(ok.headers.etag, (await app.inject({ url: `/recipes/${ok.json().id}`, headers: user.auth })).headers.etag);

  for (const path of ['/moqueca-broken', '/moqueca-svg']) {
    const res = await app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { url: srv.url(path) } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().image, null);
    assert.match(res.json().image_url, /missing\.png|evil\.svg/);
  }
});

test(
  'two instances over one PostgreSQL: a picture stored through one is served by the other, and removed for both',
  { skip: needsPostgres },
  async (t) => {
    const schema = await createTestSchema(t);
    const start = async () => {
      const database = createDatabase({ url: testDatabaseUrl!, pgSchema: schema, poolSize: 3 });
      t.after(() => database.close());
      return (await buildTestApp(t, { build: { database } })).app;
    };
    const A = await start();
    const B = await start();
    const user = await registerAndLogin(A);
    const id = await newRecipe(A, user);
    const image = (await upload(A, user, id, await jpegWithExif(700, 400))).json().image as Image;
    for (const v of image.variants) {
      const res = await B.inject({ url: v.url });
      assert.equal(res.statusCode, 200);
      assert.equal((await sharp(res.rawPayload).metadata()).width, v.width);
    }
    assert.deepEqual((await B.inject({ url: `/recipes/${id}`, headers: user.auth })).json().image, image);
    // B has it in its cache now; removed through A, B answers 404 once its cache no longer holds it
    // (a restart, or memory pressure): the bytes are gone from the shared store.
    assert.equal((await A.inject({ method: 'DELETE', url: `/recipes/${id}/image`, headers: user.auth })).statusCode, 204);
    assert.equal((await A.inject({ url: image.url })).statusCode, 404);
    assert.equal(await B.imagesService['deps'].store.get(/([0-9a-f]{64})/.exec(image.url)![1]!), undefined);
    assert.equal((await B.inject({ url: `/recipes/${id}`, headers: user.auth })).json().image, null);
  },
);

test('the encode queue: at most IMAGE_MAX_CONCURRENT at once, IMAGE_MAX_QUEUED waiting, the rest 503 with Retry-After', async (t) => {
  const queue = new EncodeQueue(1, 1);
  const gates: (() => void)[] = [];
  const task = () => new Promise<void>((resolve) => gates.push(resolve));
  let running = 0;
  let most = 0;
  const tracked = () =>
    queue.run(async () => {
      running++;
      most = Math.max(most, running);
      await task();
      running--;
    });
  const first = tracked();
  const second = tracked();
  await assert.rejects(
    tracked(),
    (err: { statusCode?: number; headers?: Record<string, string> }) => err.statusCode === 503 && err.headers?.['retry-after'] === '2',
  );
  assert.deepEqual(queue.depth, { active: 1, waiting: 1 });
  gates.shift()!();
  await first;
  await new Promise((r) => setImmediate(r));
  gates.shift()!();
  await second;
  assert.equal(most, 1);
  assert.deepEqual(queue.depth, { active: 0, waiting: 0 });

  // Through the route: a burst beyond the bound gets 503 with Retry-After, nothing else fails.
  const { app, user } = await setup(t, { IMAGE_MAX_CONCURRENT: '1', IMAGE_MAX_QUEUED: '0' });
  const id = await newRecipe(app, user);
  const big = await jpegWithExif(2400, 1600, { gps: false });
  const answers = await Promise.all(Array.from({ length: 4 }, () => upload(app, user, id, big)));
  const statuses = answers.map((r) => r.statusCode).sort();
  assert.ok(statuses.includes(200) && statuses.includes(503), statuses.join());
  assert.ok(
    statuses.every((s) => s === 200 || s === 503),
    statuses.join(),
  );
  for (const r of answers.filter((a) => a.statusCode === 503)) assert.equal(r.headers['retry-after'], '2');
});

test('served variants are kept in memory within IMAGE_CACHE_MB, and /metrics shows the bytes held', async (t) => {
  const { app, user } = await setup(t, { IMAGE_CACHE_MB: '1' });
  const id = await newRecipe(app, user);
  const put = await upload(app, user, id, await pngOf(300, 200), 'image/png');
  assert.equal(put.statusCode, 200, put.body);
  const { url } = put.json().image as Image;
  const served = await app.inject({ method: 'GET', url });
  assert.equal(served.statusCode, 200);
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const value = (name: string) => Number(new RegExp(`^${name}\\{cache="image_variants"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
  assert.equal(value('gourmet_cache_budget_bytes'), 1_000_000);
  assert.equal(value('gourmet_cache_entries'), 1);
  assert.ok(
    value('gourmet_cache_bytes') >= served.rawPayload.length,
    `${value('gourmet_cache_bytes')} bytes held for a ${served.rawPayload.length}-byte variant`,
  );
});

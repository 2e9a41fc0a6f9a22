// GET /export: a zip with one schema.org Recipe JSON-LD per recipe (ingredients, HowToStep and
// HowToSection, keywords, totalTime, recipeYield, the picture as a file) and the restore file;
// and, over random recipes (fast-check), export then import into an empty account gives the
// same recipes: title, lines with their groups, method, time, servings, source, tags, picture.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import yauzl from 'yauzl';
import { buildTestApp, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { pngOf } from '../helpers/images.js';

function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

const exportOf = async (app: FastifyInstance, user: LoggedInUser) => {
  const res = await app.inject({ url: '/export', headers: user.auth });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/zip');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="recipes-\d{4}-\d{2}-\d{2}\.zip"$/);
  return res.rawPayload;
};

/** What a recipe is, without what differs between two accounts (ids, owner, dates, picture hashes). */
async function recipesOf(app: FastifyInstance, user: LoggedInUser) {
  const rows = await app.db.selectFrom('recipes').select('id').where('owner_id', '=', user.id).orderBy('id').execute();
  return Promise.all(
    rows.map(async ({ id }) => {
      const r = (await app.inject({ url: `/recipes/${id}`, headers: user.auth })).json();
      return {
        title: r.title,
        lines: r.ingredient_lines.map((l: { input: string; group: string | null }) => [l.group, l.input]),
        instructions: r.instructions,
        time: r.time_minutes,
        servings: r.servings,
        source: r.source_url,
        tags: r.tags,
        picture: r.image ? [r.image.width, r.image.height] : null,
      };
    }),
  );
}

test('the export holds a JSON-LD Recipe per recipe, its picture, and the restore file', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: {
      title: 'Apple pie',
      ingredient_groups: [
        { name: 'Dough', ingredients: ['300 g flour', '150 g butter'] },
        { name: 'Filling', ingredients: ['4 apples'] },
      ],
      instructions: 'Dough:\nRub the butter into the flour.\nBake:\nBake 45 minutes.',
      time_minutes: 90,
      servings: 8,
      source_url: 'https://cook.example/apple-pie',
      tags: ['dessert', 'baking'],
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const put = await app.inject({
    method: 'PUT',
    url: `/recipes/${created.json().id}/image`,
    headers: { ...user.auth, 'content-type': 'image/png' },
    payload: await pngOf(64, 48),
  });
  assert.equal(put.statusCode, 200, put.body);
  const files = await unzip(await exportOf(app, user));
  assert.deepEqual([...files.keys()], ['recipes/0001.json', 'recipes/0001.webp', 'gourmet-restore.jsonl']);
  const ld = JSON.parse(files.get('recipes/0001.json')!.toString());
  assert.deepEqual(ld, {
    '@context': 'https://schema.org',
    '@type': 'Recipe',
    name: 'Apple pie',
    recipeIngredient: ['300 g flour', '150 g butter', '4 apples'],
    recipeInstructions: [
      { '@type': 'HowToSection', name: 'Dough', itemListElement: [{ '@type': 'HowToStep', text: 'Rub the butter into the flour.' }] },
      { '@type': 'HowToSection', name: 'Bake', itemListElement: [{ '@type': 'HowToStep', text: 'Bake 45 minutes.' }] },
    ],
    keywords: 'dessert, baking',
    totalTime: 'PT1H30M',
    recipeYield: '8',
    url: 'https://cook.example/apple-pie',
    image: '0001.webp',
    dateCreated: ld.dateCreated,
    dateModified: ld.dateModified,
  });
  assert.equal(files.get('recipes/0001.webp')!.subarray(8, 12).toString(), 'WEBP');
  const [header, line] = files.get('gourmet-restore.jsonl')!.toString().trim().split('\n');
  assert.equal(JSON.parse(header!).format, 'gourmet-restore');
  const restore = JSON.parse(line!);
  assert.deepEqual(restore.ingredient_groups, [
    { name: 'Dough', ingredients: ['300 g flour', '150 g butter'] },
    { name: 'Filling', ingredients: ['4 apples'] },
  ]);
  assert.equal(restore.ingredient_lines[0].unit, 'gram', 'the parsed lines are kept');
  assert.equal(restore.picture, 'recipes/0001.webp');

  // The JSON-LD files alone (format=jsonld, as another app reads them) give the recipe and its picture.
  const reader = await registerAndLogin(app);
  const viaLd = await app.inject({
    method: 'POST',
    url: '/imports?format=jsonld',
    headers: { ...reader.auth, 'content-type': 'application/zip' },
    payload: await exportOf(app, user),
  });
  assert.equal(viaLd.statusCode, 202, viaLd.body);
  await app.importsService.idle();
  const [mine] = await recipesOf(app, reader);
  assert.equal(mine!.title, 'Apple pie');
  assert.deepEqual(
    mine!.lines.map((l: [string | null, string]) => l[1]),
    ['300 g flour', '150 g butter', '4 apples'],
  );
  assert.deepEqual([mine!.time, mine!.servings, mine!.source, mine!.picture], [90, 8, 'https://cook.example/apple-pie', [64, 48]]);

  // Another user's export holds none of these; an empty account's is just the restore header.
  const other = await registerAndLogin(app);
  const empty = await unzip(await exportOf(app, other));
  assert.deepEqual([...empty.keys()], ['gourmet-restore.jsonl']);
});

const word = fc.stringMatching(/^[a-zà-ü][a-zà-ü0-9]{0,9}$/);
const phrase = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(' '));
const recipeArb = fc.record({
  groups: fc.array(
    fc.record({ name: fc.option(phrase(3), { nil: null }), ingredients: fc.array(phrase(5), { minLength: 1, maxLength: 4 }) }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  instructions: fc.option(
    fc.array(phrase(8), { minLength: 1, maxLength: 4 }).map((l) => l.join('\n')),
    { nil: null },
  ),
  time_minutes: fc.option(fc.integer({ min: 0, max: 10_080 }), { nil: null }),
  servings: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
  source: fc.boolean(),
  tags: fc.uniqueArray(word, { maxLength: 4 }),
  picture: fc.boolean(),
});

test('property: export, then import into an empty account, gives the same recipes', async (t) => {
  const { app } = await buildTestApp(t);
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(recipeArb, { minLength: 1, maxLength: 4 }), async (recipes) => {
      run++;
      const from = await registerAndLogin(app);
      for (const [i, r] of recipes.entries()) {
        const res = await app.inject({
          method: 'POST',
          url: '/recipes',
          headers: from.auth,
          payload: {
            title: `Recipe ${run}-${i}`,
            ingredient_groups: r.groups,
            instructions: r.instructions,
            time_minutes: r.time_minutes,
            servings: r.servings,
            source_url: r.source ? `https://cook.example/${run}/${i}` : null,
            tags: r.tags,
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        if (r.picture) {
          const put = await app.inject({
            method: 'PUT',
            url: `/recipes/${res.json().id}/image`,
            headers: { ...from.auth, 'content-type': 'image/png' },
            payload: await pngOf(40 + i, 30),
          });
          assert.equal(put.statusCode, 200, put.body);
        }
      }
      const zip = await exportOf(app, from);
      const to = await registerAndLogin(app);
      const started = await app.inject({
        method: 'POST',
        url: '/imports',
        headers: { ...to.auth, 'content-type': 'application/zip' },
        payload: zip,
      });
      assert.equal(started.statusCode, 202, started.body);
      assert.equal(started.json().format, 'gourmet');
      await app.importsService.idle();
      const job = (await app.inject({ url: `/imports/${started.json().id}`, headers: to.auth })).json();
      assert.equal(job.status, 'done');
      assert.deepEqual(job.skipped, []);
      assert.deepEqual(await recipesOf(app, to), await recipesOf(app, from));
    }),
    { numRuns: 8 },
  );
});

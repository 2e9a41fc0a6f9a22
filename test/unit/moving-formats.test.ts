// The readers' shared parts and their bounds: durations, servings, HTML to text, a gzip bomb
// inside a Paprika export (skipped with its reason, the other recipes read), YAML aliases in
// Chowdown front matter (not expanded), and detection by content whatever the names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { minutesOf, servingsOf, toText } from '../../src/modules/moving/formats/common.js';
import { readUpload } from '../../src/modules/moving/formats/index.js';
import { makeZip } from '../helpers/zips.js';

const LIMITS = { maxEntries: 1000, maxExpandedBytes: 64 * 1024 * 1024, maxRatio: 100 };

test('durations: ISO 8601, words, bare minutes; unknown text is null', () => {
  const cases: Array<[unknown, number | null]> = [
    ['PT1H30M', 90],
    ['P1DT2H', 1560],
    ['2 Hours 30 Minutes', 150],
    ['1h20m', 80],
    ['45 min', 45],
    ['1.5 hours', 90],
    ['25', 25],
    [40, 40],
    ['kjtvljsujj', null],
    ['', null],
    [null, null],
    ['9'.repeat(50_000), Number('9'.repeat(50_000))],
  ];
  for (const [input, want] of cases) assert.equal(minutesOf(input), want, String(input).slice(0, 30));
});

test('servings: the first whole number of the yield within 1–10,000', () => {
  assert.equal(servingsOf('4 serving(s)'), 4);
  assert.equal(servingsOf('about 20 rolls'), 20);
  assert.equal(servingsOf(6), 6);
  assert.equal(servingsOf('a loaf'), null);
  assert.equal(servingsOf('0'), null);
  assert.equal(servingsOf('20000'), null);
});

test('HTML becomes text: tags and scripts dropped, entities decoded, blocks on their own lines', () => {
  assert.equal(
    toText('<p>Mix <b>well</b></p><script>alert(1)</script><p>Bake &amp; serve</p>'),
    'Mix well\n\nBake & serve',
    'paragraphs apart by a blank line',
  );
  assert.equal(toText('<img src=x onerror=alert(1)>Plain'), 'Plain');
  assert.equal(toText('5 < 6 and 7 > 2'), '5 < 6 and 7 > 2', 'text that only looks like markup is kept');
});

test('a gzip bomb among Paprika recipes is skipped with its reason; the others are read', async () => {
  const good = gzipSync(JSON.stringify({ name: 'Soup', ingredients: '1 onion\n1 l water', directions: 'Boil.', categories: [] }));
  const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 32));
  const zip = await makeZip([
    { name: 'My Recipes/Soup.paprikarecipe', data: good },
    { name: 'My Recipes/Bomb.paprikarecipe', data: bomb },
  ]);
  const read = await readUpload(zip, 'auto', LIMITS);
  assert.equal(read.format, 'paprika');
  assert.deepEqual(
    read.recipes.map((r) => r.title),
    ['Soup'],
  );
  assert.deepEqual(read.skipped, [{ name: 'Bomb', code: 'TOO_LARGE', reason: 'The file expands past the limit of one recipe' }]);
});

test('YAML aliases in front matter are not expanded: that recipe is skipped', async () => {
  const billion = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'ingredients: [*c]',
  ].join('\n');
  const zip = await makeZip([
    { name: 'site/_recipes/ok.md', data: '---\ntitle: Okra\ningredients:\n- 1 bunch of okra\n---\nNotes' },
    { name: 'site/_recipes/lol.md', data: `---\ntitle: Lol\n${billion}\n---\n` },
  ]);
  const read = await readUpload(zip, 'chowdown', LIMITS);
  assert.deepEqual(
    read.recipes.map((r) => [r.title, r.groups[0]?.ingredients]),
    [['Okra', ['1 bunch of okra']]],
  );
  assert.deepEqual(read.skipped, [{ name: 'lol', code: 'NO_FRONT_MATTER', reason: 'No YAML front matter' }]);
});

test('formats are recognised by content, not by names', async () => {
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Recipe', name: 'Tea', recipeIngredient: ['1 tea bag'] });
  // A schema.org file named like a CSV, and a CSV named like JSON.
  const zip = await makeZip([{ name: 'export.csv.json', data: ld }]);
  assert.equal((await readUpload(zip, 'auto', LIMITS)).format, 'jsonld');
  const csv =
    'title,description,preparationTime,cookingTime,inactiveTime,totalTime,quantity,ingredients,instructions\nTea,,,,,5,1,1 tea bag,Steep\n';
  assert.equal((await readUpload(Buffer.from(csv), 'auto', LIMITS)).format, 'myrecipebox');
});

// What text a recipe may hold (src/lib/text-chars.ts): control characters, bidirectional controls
// and lone surrogates are refused with 400 in every text field and in tags (line breaks and tabs
// stay fine in ingredients and instructions), and tags fold like search does (ΟΔΟΣ/οδος, ß/ss).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropInvisible, refusedCharIn, withoutRefusedChars } from '../../src/lib/text-chars.js';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

test('titles and text fields refuse bidi controls, control characters and lone surrogates with 400; nothing is saved or changed', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const kept = (await createRecipe(app, user, { title: 'Kept' })).json();
  const bad: Record<string, unknown>[] = [
    ...BIDI.map((c) => ({ title: `Evil${c}gpj.exe` })),
    { title: 'ring\u0007bell' },
    { title: 'tab\tin title' },
    { title: 'line\nbreak' },
    { title: 'c1\u0085' },
    { title: 'del\u007f' },
    { title: 'half \ud800 pair' },
    { title: 'low \udc00 first' },
    { ingredients: 'salt\u202E' },
    { ingredients: 'salt\u0007' },
    { instructions: 'stir\u2066' },
    { instructions: 'stir\u001b[31m' },
    { ingredients: undefined, ingredient_groups: [{ name: 'For the\u202Esauce', ingredients: ['salt'] }] },
    { ingredients: undefined, ingredient_groups: [{ name: null, ingredients: ['salt\ud800'] }] },
  ];
  for (const change of bad) {
    const res = await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: user.auth,
      payload: { title: 'Soup', ingredients: 'water', time_minutes: 5, ...change },
    });
    assert.equal(res.statusCode, 400, `${JSON.stringify(change)}: ${res.body}`);
    assert.equal(res.json().code, 'BAD_REQUEST');
    const field = Object.keys(change).find((k) => change[k] !== undefined)!;
    assert.match(res.json().error, new RegExp(`body\\.${field}.* must not contain U\\+[0-9A-F]{4}`), res.body);
    assert.ok(res.json().details[0].path.startsWith(`body.${field}`));
    const put = await app.inject({ method: 'PUT', url: `/recipes/${kept.id}`, headers: user.auth, payload: change });
    assert.equal(put.statusCode, 400, `PUT ${JSON.stringify(change)}: ${put.body}`);
  }
  const list = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.equal(list.headers['x-total-count'], '1');
  assert.equal(list.json()[0].title, 'Kept');
  const again = await app.inject({ method: 'GET', url: `/recipes/${kept.id}`, headers: user.auth });
  assert.deepEqual(again.json(), kept, 'the recipe is unchanged');
});

test('line breaks and tabs are fine where they mean something; emoji, joiners and accents are fine everywhere', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const res = await createRecipe(app, user, {
    title: 'Chef 👩‍🍳 crème brûlée 😀',
    ingredients: '2\tegg yolks\r\n100 g sugar',
    instructions: 'Whisk.\n\n\tBake at 150 °C.',
    tags: ['👍 good'],
  });
  assert.equal(res.json().title, 'Chef 👩‍🍳 crème brûlée 😀');
  assert.equal(res.json().instructions, 'Whisk.\n\n\tBake at 150 °C.');
  assert.equal(res.json().ingredient_lines.length, 2);
});

test('tags refuse lone surrogates, bidi controls and control characters with 400 INVALID_TAGS', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (const tag of ['\ud800', 'x\udfff', ...BIDI.map((c) => `a${c}b`), 'bell\u0007', 'c1\u0085']) {
    const res = await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: user.auth,
      payload: { title: 'T', ingredients: 'x', time_minutes: 1, tags: [tag] },
    });
    assert.equal(res.statusCode, 400, `${JSON.stringify(tag)}: ${res.body}`);
    assert.equal(res.json().code, 'INVALID_TAGS');
    // A query string carries UTF-8, which has no lone surrogates; the other tags are refused there too.
    if (/[\ud800-\udfff]/.test(tag)) continue;
    const search = await app.inject({ method: 'GET', url: `/recipes?tag=${encodeURIComponent(tag)}`, headers: user.auth });
    assert.equal(search.statusCode, 400, `?tag=${JSON.stringify(tag)}`);
  }
  const tags = await app.inject({ method: 'GET', url: '/tags', headers: user.auth });
  assert.deepEqual(tags.json(), []);
});

test('tags fold like search: ΟΔΟΣ and οδος, Straße and STRASSE are one tag', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const a = (await createRecipe(app, user, { title: 'A', tags: ['ΟΔΟΣ', 'Straße', 'İstanbul'] })).json();
  assert.deepEqual(a.tags, ['οδοσ', 'strasse', 'istanbul']);
  const b = (await createRecipe(app, user, { title: 'B', tags: ['οδος', 'STRASSE', 'οδοσ', 'strasse'] })).json();
  assert.deepEqual(b.tags, ['οδοσ', 'strasse'], 'duplicates after folding are dropped');
  for (const q of ['ΟΔΟΣ', 'οδος', 'Οδός'.normalize('NFD').replace(/\u0301/, '')]) {
    const res = await app.inject({ method: 'GET', url: `/recipes?tag=${encodeURIComponent(q)}&sort=title`, headers: user.auth });
    assert.deepEqual(
      res.json().map((r: { title: string }) => r.title),
      ['A', 'B'],
      q,
    );
  }
  const res = await app.inject({ method: 'GET', url: `/recipes?tag=${encodeURIComponent('STRAßE')}&sort=title`, headers: user.auth });
  assert.deepEqual(
    res.json().map((r: { title: string }) => r.title),
    ['A', 'B'],
  );
  const counts = (await app.inject({ method: 'GET', url: '/tags', headers: user.auth })).json();
  assert.deepEqual(counts, [
    { tag: 'strasse', recipes: 2 },
    { tag: 'οδοσ', recipes: 2 },
    { tag: 'istanbul', recipes: 1 },
  ]);
});

test('text-chars: one scan decides, lone halves found wherever they are, pairs kept', () => {
  assert.equal(refusedCharIn('plain 😀 text'), undefined);
  assert.equal(refusedCharIn('a\tb')?.name, 'U+0009 (a control character)');
  assert.equal(refusedCharIn('a\tb\nc\r', true), undefined);
  assert.deepEqual(refusedCharIn('ab\ud83d'), { index: 2, name: 'U+D83D (a lone surrogate)' });
  assert.deepEqual(refusedCharIn('\ude00x'), { index: 0, name: 'U+DE00 (a lone surrogate)' });
  assert.equal(refusedCharIn('x\u0000')?.name, 'U+0000 (NUL)');
  assert.equal(withoutRefusedChars('a\u0000b\u202Ec\ud800d😀\n'), 'abcd😀');
  assert.equal(withoutRefusedChars('a\u0000b\n\tc', true), 'ab\n\tc');
  assert.equal(withoutRefusedChars('clean'), 'clean');
  assert.equal(dropInvisible('soft\u00adhy\u200bphen\ufeff'), 'softhyphen');
});

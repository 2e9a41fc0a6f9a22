// Search folds case fully (src/lib/fold.ts) and the same way for the index, the count and the
// rows, on both databases: X-Total-Count always equals the rows that paging reaches, and the
// matches are exactly those of foldCase(text).includes(foldCase(term)), before and after SQLite
// takes the rows into its search index (migrations 004, 007, 011).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldCase } from '../../src/lib/fold.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { buildTestApp, createRecipe, registerAndLogin, testDatabaseUrl } from '../helpers/build.js';

const RECIPES = [
  { title: '\u212Aale soup', ingredients: 'kale\nstock' },
  { title: 'İSTANBUL simit', ingredients: 'flour\nsesame' },
  { title: 'Straße pie', ingredients: 'apples\nbutter' },
  { title: 'STRASSE tart', ingredients: 'PEARS\nsugar' },
  { title: 'Apfelkuchen', ingredients: 'ÄPFEL\nMehl\nZucker' },
  { title: 'Σούπα ΦΑΚΗΣ', ingredients: 'φακές\nλάδι' },
  { title: 'ﬁne ＫＡＬＥ chips', ingredients: 'kale\nsalt' },
  { title: 'Plain kale salad', ingredients: 'Kale\nlemon' },
  { title: 'Café au lait', ingredients: 'coffee\nmilk' },
];
const TERMS = [
  'kale',
  'KALE',
  '\u212Aale',
  'istanbul',
  'İstanbul',
  'ISTANBUL',
  'strasse',
  'Straße',
  'STRASSE',
  'ß',
  'ss',
  'äpfel',
  'Äpfel',
  'apfel',
  'φακεσ',
  'ΦΑΚΈΣ',
  'φακές',
  'fine',
  'ﬁ',
  'café',
  'cafe',
  'e',
  'soup',
];

test('q and ingredient fold case fully; X-Total-Count and the rows agree, indexed or not', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (const r of RECIPES) await createRecipe(app, user, r);
  const expected = (term: string, field: 'q' | 'ingredient') =>
    RECIPES.filter((r) => foldCase(r.ingredients).includes(foldCase(term)) || (field === 'q' && foldCase(r.title).includes(foldCase(term))))
      .map((r) => r.title)
      .sort();

  const check = async (stage: string) => {
    for (const term of TERMS) {
      for (const field of ['q', 'ingredient'] as const) {
        const titles: string[] = [];
        let total: number | undefined;
        for (let offset = 0; ; offset += 2) {
          const res = await app.inject({
            method: 'GET',
            url: `/recipes?${field}=${encodeURIComponent(term)}&limit=2&offset=${offset}&sort=title`,
            headers: user.auth,
          });
          assert.equal(res.statusCode, 200, res.body);
          const n = Number(res.headers['x-total-count']);
          if (total === undefined) total = n;
          assert.equal(n, total, `${stage} ${field}=${term}: the total does not change from page to page`);
          const page = res.json() as { title: string }[];
          titles.push(...page.map((r) => r.title));
          if (page.length < 2) break;
        }
        assert.equal(titles.length, total, `${stage} ${field}=${term}: X-Total-Count equals the rows reached by paging`);
        assert.deepEqual(titles.sort(), expected(term, field), `${stage} ${field}=${term}`);
      }
    }
  };
  await check('just written');
  if (!testDatabaseUrl) {
    // SQLite: now from the search index and summaries instead of the unindexed tail
    while ((await sqliteIndexing.indexPendingSearch(app.db, 1000)) > 0);
    await check('indexed');
  }
  // Folds a search must get right: İ as i, ß as ss, the Kelvin sign as k.
  const count = async (query: string) =>
    Number((await app.inject({ method: 'GET', url: `/recipes?${query}`, headers: user.auth })).headers['x-total-count']);
  assert.equal(await count('q=istanbul'), 1);
  assert.equal(await count('q=strasse'), 2);
  assert.equal(await count('q=kale'), 3);
});

test('a changed recipe is found by its new text only, folded', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const id = (await createRecipe(app, user, { title: 'Plain soup', ingredients: 'water' })).json().id;
  if (!testDatabaseUrl) while ((await sqliteIndexing.indexPendingSearch(app.db, 1000)) > 0);
  const put = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: user.auth, payload: { title: 'Große Suppe' } });
  assert.equal(put.statusCode, 200, put.body);
  const total = async (q: string) =>
    (await app.inject({ method: 'GET', url: `/recipes?q=${encodeURIComponent(q)}`, headers: user.auth })).headers['x-total-count'];
  assert.equal(await total('GROSSE'), '1');
  assert.equal(await total('plain'), '0');
  const back = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: user.auth, payload: { title: 'Plain soup again' } });
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(await total('GROSSE'), '0');
  assert.equal(await total('PLAIN'), '1');
});

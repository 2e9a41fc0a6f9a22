// recipe-json-cache.ts keeps recipes' JSON texts per stored state: a text is served
// only for the exact (id, version, parser_version) it was written from, and the cache stays
// within its bound, oldest first out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PARSER_VERSION } from '../../src/modules/ingredients/ingredient-parser.js';
import { parseColumns, parseIngredientsText } from '../../src/modules/recipes/ingredient-lines.js';
import { RecipeJsonCache } from '../../src/modules/recipes/recipe-json-cache.js';
import { recipeJson } from '../../src/modules/recipes/recipe-json.js';
import type { RecipeRow } from '../../src/db/tables.js';

function row(id: number, changes: Partial<RecipeRow> = {}): RecipeRow {
  const ingredients = changes.ingredients ?? '2 cups flour\n1 tsp salt';
  return {
    id,
    title: `Recipe ${id}`,
    ingredients,
    time_minutes: 30,
    instructions: null,
    servings: 2,
    source_url: null,
    image_url: null,
    owner_id: 1,
    created_at: '2026-12-01T10:00:00.000Z',
    updated_at: '2026-12-01T10:00:00.000Z',
    version: 1,
    search_title: null,
    search_ingredients: null,
    tags: '[]',
    ...parseColumns(parseIngredientsText(ingredients)),
    ...changes,
  } as RecipeRow;
}

test('a text is served for the state it was written from, and for no other', () => {
  const cache = new RecipeJsonCache(1_000_000);
  const r = row(1);
  assert.equal(cache.get(r), undefined, 'nothing kept yet');
  assert.equal(cache.textOf(r), recipeJson(r));
  assert.equal(cache.get(r), recipeJson(r));
  assert.deepEqual(cache.stats, { hits: 1, writes: 1 });

  // A new version (any change through the API, or by hand: migration 014) is written anew.
  const renamed = row(1, { title: 'Renamed', version: 2 });
  assert.equal(cache.get(renamed), undefined);
  assert.equal(cache.textOf(renamed), recipeJson(renamed));
  assert.equal(JSON.parse(cache.get({ id: 1, version: 2, parser_version: PARSER_VERSION })!).title, 'Renamed');
  assert.equal(cache.get(r), undefined, 'the old version is gone');
  // The same version under another parser_version is another text (the parse is made again).
  assert.equal(cache.get({ id: 1, version: 2, parser_version: 'older-parser' }), undefined);
  assert.equal(cache.size, 1);
});

test('the cache keeps at most maxBytes (two per character and a fixed overhead), dropping the least recently used first', () => {
  const one = recipeJson(row(1)).length;
  // Room for three texts (each 2 bytes a character plus 120 of bookkeeping), any one of which may be kept.
  const cache = new RecipeJsonCache((2 * one + 120) * 3 + 10, Infinity);
  for (let id = 1; id <= 5; id++) cache.textOf(row(id));
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((id) => cache.get(row(id)) !== undefined),
    [false, false, true, true, true],
  );
  // Replacing a kept recipe's text frees its old one's room first: nothing else is dropped.
  cache.textOf(row(4, { version: 2 }));
  assert.deepEqual(
    [3, 4, 5].map((id) => cache.get(row(id, id === 4 ? { version: 2 } : {})) !== undefined),
    [true, true, true],
  );
  // A text longer than the whole bound is written but not kept, and drops nothing.
  const long = row(9, { instructions: 'x'.repeat(one * 4) });
  assert.equal(cache.textOf(long), recipeJson(long));
  assert.equal(cache.get(long), undefined);
  assert.equal(cache.size, 3);
  assert.ok(cache.texts.bytes <= cache.maxBytes);
  // A read makes a text the most recently used: the next one stored drops another.
  assert.ok(cache.get(row(3)));
  cache.textOf(row(6));
  assert.deepEqual(
    [3, 4, 5, 6].map((id) => cache.get(row(id, id === 4 ? { version: 2 } : {})) !== undefined),
    [true, false, true, true],
  );
});

test('by default a text over an eighth of the budget is written but not kept', () => {
  const small = row(1);
  const cache = new RecipeJsonCache(16 * (2 * recipeJson(small).length + 120));
  cache.textOf(small);
  assert.ok(cache.get(small));
  const big = row(2, { instructions: 'x'.repeat(cache.texts.maxEntryBytes / 2) });
  assert.equal(cache.textOf(big), recipeJson(big));
  assert.equal(cache.get(big), undefined);
  assert.equal(cache.texts.stats.refused, 1);
  assert.ok(cache.get(small), 'the refused text dropped nothing');
});

test('with maxBytes 0 nothing is kept', () => {
  const cache = new RecipeJsonCache(0);
  assert.equal(cache.enabled, false);
  assert.equal(cache.textOf(row(1)), recipeJson(row(1)));
  assert.equal(cache.get(row(1)), undefined);
  assert.equal(cache.size, 0);
});

test('whatever the sequence of writes, every served text is the text of the state asked for, within the bound', () => {
  const step = fc.record({
    id: fc.integer({ min: 1, max: 6 }),
    version: fc.integer({ min: 1, max: 3 }),
    title: fc.constantFrom('a', 'b', 'ccc'.repeat(40)),
  });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 8000 }), fc.array(step, { maxLength: 60 }), (maxBytes, steps) => {
      const cache = new RecipeJsonCache(maxBytes, Infinity);
      // What each state's text is (a state's content never changes: that is what a version means).
      const truth = new Map<string, RecipeRow>();
      for (const s of steps) {
        const key = `${s.id}:${s.version}`;
        const r = truth.get(key) ?? row(s.id, { version: s.version, title: s.title });
        truth.set(key, r);
        assert.equal(cache.textOf(r), recipeJson(r));
        let kept = 0;
        for (const t of truth.values()) {
          const text = cache.get(t);
          if (text !== undefined) {
            assert.equal(text, recipeJson(t));
            kept += text.length;
          }
        }
        assert.ok(2 * kept <= maxBytes, `${kept} characters kept, bound ${maxBytes} bytes`);
        assert.ok(cache.texts.bytes <= maxBytes);
      }
    }),
    { seed: Number(process.env.FC_SEED ?? 15), numRuns: Number(process.env.FC_RUNS ?? 100) },
  );
});

test('a text is taken for a bare id only at the counter it was last checked at', () => {
  const cache = new RecipeJsonCache(1_000_000);
  const r = row(1);
  cache.textOf(r); // read without a counter: not provable by one
  assert.equal(cache.getAt(1, 7), undefined);
  assert.equal(cache.get(r, 7), recipeJson(r)); // its key read in a snapshot at counter 7
  assert.equal(cache.getAt(1, 7), recipeJson(r));
  assert.equal(cache.getAt(1, 8), undefined, 'another counter: a commit happened since');
  cache.textOf(row(1, { version: 2, title: 'New' }), 9);
  assert.equal(cache.getAt(1, 7), undefined);
  assert.equal(JSON.parse(cache.getAt(1, 9)!).title, 'New');
  assert.equal(cache.getAt(2, 9), undefined, 'never kept');
});

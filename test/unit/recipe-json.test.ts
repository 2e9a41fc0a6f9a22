// recipe-json.ts writes recipe responses by hand: the stored ingredient lines are
// spliced in unparsed. The text must be valid JSON of the Recipe schema, equal to the object the
// schema serializer was given before (toRecipe), for any row: stored parse current, outdated,
// missing or damaged, any text in any field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { PARSER_VERSION } from '../../src/modules/ingredients/ingredient-parser.js';
import { parseColumns, parseIngredientsText } from '../../src/modules/recipes/ingredient-lines.js';
import { recipeJson, recipeListJson } from '../../src/modules/recipes/recipe-json.js';
import { toRecipe } from '../../src/modules/recipes/recipe-view.js';
import { Recipe, RecipeList } from '../../src/modules/recipes/recipes.schemas.js';
import type { RecipeRow } from '../../src/db/tables.js';

const ajv = addFormats.default(new Ajv({ strict: false, allErrors: true }));
const validRecipe = ajv.compile(Recipe);
const validList = ajv.compile(RecipeList);

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => /\S/.test(s) && !s.includes('\u0000'));
const ingredients = fc
  .array(fc.oneof(text, fc.constantFrom('2 cups flour', '1 ½ tsp salt', '200g/7oz butter, softened', '3 eggs', '½ cup "milk"')), {
    minLength: 1,
    maxLength: 6,
  })
  .map((lines) => lines.join('\n'));
const stored = fc.constantFrom('current', 'outdated', 'missing', 'damaged');
const row = fc
  .record({
    id: fc.integer({ min: 1, max: 2_147_483_647 }),
    title: text,
    ingredients,
    time_minutes: fc.integer({ min: 0, max: 10_080 }),
    instructions: fc.option(text, { nil: null }),
    servings: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    source_url: fc.option(fc.constantFrom('https://example.org/a?b=c&d=e', 'http://example.org/%C3%A9'), { nil: null }),
    image_url: fc.constant(null),
    owner_id: fc.integer({ min: 1, max: 1000 }),
    visibility: fc.constantFrom('public' as const, 'household' as const, 'private' as const),
    created_at: fc.constant('2026-12-01T10:00:00.000Z'),
    updated_at: fc.constant('2026-12-01T11:00:00.000Z'),
    tags: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 5 }),
    stored,
    version: fc.integer({ min: 1, max: 50 }),
  })
  .map(({ tags, stored: kind, ...r }) => {
    const columns = parseColumns(parseIngredientsText(r.ingredients));
    const parse =
      kind === 'current'
        ? columns
        : kind === 'outdated'
          ? { ingredient_lines: JSON.stringify([{ input: 'x', quantity: 9 }]), parser_version: 'old' }
          : kind === 'missing'
            ? { ingredient_lines: null, parser_version: null }
            : { ingredient_lines: '{"not": "a list"', parser_version: PARSER_VERSION };
    return { ...r, tags: JSON.stringify(tags), ...parse, search_title: null, search_ingredients: null } as unknown as RecipeRow;
  });

test("recipeJson is the Recipe schema's JSON of toRecipe(row), for any row and stored parse", () => {
  fc.assert(
    fc.property(row, (r) => {
      const value = JSON.parse(recipeJson(r));
      assert.ok(validRecipe(value), JSON.stringify(validRecipe.errors));
      assert.deepEqual(value, JSON.parse(JSON.stringify(toRecipe(r))));
    }),
    { seed: Number(process.env.FC_SEED ?? 15), numRuns: Number(process.env.FC_RUNS ?? 300) },
  );
});

test('recipeListJson is a RecipeList of the rows in order; an empty page is []', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
      const value = JSON.parse(recipeListJson(rows, recipeJson)) as { id: number }[];
      assert.ok(validList(value), JSON.stringify(validList.errors));
      assert.deepEqual(
        value.map((x) => x.id),
        rows.map((x) => x.id),
      );
    }),
    { seed: Number(process.env.FC_SEED ?? 15), numRuns: Number(process.env.FC_RUNS ?? 100) },
  );
  assert.equal(recipeListJson([], recipeJson), '[]');
});

test('a current stored parse is sent as stored, not parsed again', () => {
  const columns = parseColumns(parseIngredientsText('2 cups flour'));
  const r = {
    id: 1,
    title: 'T',
    ingredients: '2 cups flour',
    time_minutes: 1,
    instructions: null,
    servings: null,
    source_url: null,
    image_url: null,
    owner_id: 1,
    visibility: 'public',
    created_at: 'a',
    updated_at: 'b',
    tags: '[]',
    version: 1,
    ...columns,
  } as unknown as RecipeRow;
  assert.ok(recipeJson(r).endsWith(`"ingredient_lines":${columns.ingredient_lines}}`));
});

test('a line parsed again comes from the recent parses, and a caller changing its copy changes nothing else', () => {
  const [first] = parseIngredientsText('200g/7oz butter, softened');
  assert.ok(first?.alternatives?.length, 'the line has an alternative amount');
  first!.alternatives![0]!.quantity = -1;
  first!.name = 'changed';
  const [again] = parseIngredientsText('200g/7oz butter, softened');
  assert.notEqual(again!.alternatives![0]!.quantity, -1);
  assert.notEqual(again!.name, 'changed');
});

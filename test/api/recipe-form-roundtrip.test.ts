// The recipe form saves nothing it was not asked to change. Any recipe (random headings, lines,
// title, servings, time, tags, method), loaded into the form's fields (draftOf) and saved through
// the form's own body (bodyOf) and PUT, is byte-identical afterwards (GET before and after, but
// for updated_at and the ETag): unchanged, with its ingredients text sent back as the form shows
// it, and with only the servings changed (then only servings differ).
// Plus the API's side: a PUT of plain `ingredients` text keeps the headings of the lines it keeps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { bodyOf, draftOf, groupsOfText, ingredientsText, type FormRecipe } from '../../web/src/recipe-form.js';
import { carryGroups } from '../../src/modules/recipes/ingredient-lines.js';

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS ?? 25);

/** Text a cook might type: letters, digits, punctuation, accents, and inner spaces (never leading or trailing, never doubled). */
const words = (max: number) =>
  fc.array(fc.stringMatching(/^[A-Za-z0-9éçãñß½¼°%/.,()'&-]{1,9}$/), { minLength: 1, maxLength: max }).map((w) => w.join(' '));
/** An ingredient line: not ending with ":" (that would be a heading in the form's text). */
const line = words(6).filter((l) => !l.endsWith(':'));
const heading = fc.option(
  words(4).filter((h) => !h.endsWith(':')),
  { nil: null },
);

const recipeArb = fc.record({
  // Titles may have spaces around them: the form sends a title only when it changed.
  title: fc.tuple(fc.constantFrom('', ' ', '  '), words(5), fc.constantFrom('', ' ')).map(([a, b, c]) => a + b + c),
  groups: fc.array(fc.record({ name: heading, ingredients: fc.array(line, { minLength: 1, maxLength: 4 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
  time_minutes: fc.option(fc.integer({ min: 0, max: 10_080 }), { nil: null }),
  servings: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
  instructions: fc.option(
    fc.tuple(words(8), fc.constantFrom('', '\n', '  ')).map(([w, end]) => w + end),
    { nil: null },
  ),
  tags: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,10}$/), { maxLength: 5 }),
});

/** The recipe as GET returns it, without what any write changes (updated_at; the version is in the ETag, not the body). */
function comparable(body: string): string {
  const { updated_at: _u, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(rest);
}

test('a recipe saved through the form without a change, or with only its servings changed, keeps every byte', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const get = async (id: number) => {
    const res = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
    assert.equal(res.statusCode, 200);
    return { body: res.body, etag: res.headers.etag as string, recipe: res.json() as FormRecipe & { id: number } };
  };
  const put = async (id: number, etag: string, body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': etag }, payload: body });
    assert.equal(res.statusCode, 200, `${JSON.stringify(body)} -> ${res.body}`);
  };
  await fc.assert(
    fc.asyncProperty(recipeArb, async (r) => {
      const grouped = r.groups.some((g) => g.name !== null);
      const created = await app.inject({
        method: 'POST',
        url: '/recipes',
        headers: user.auth,
        payload: {
          title: r.title,
          time_minutes: r.time_minutes,
          servings: r.servings,
          instructions: r.instructions,
          tags: r.tags,
          ...(grouped ? { ingredient_groups: r.groups } : { ingredients: r.groups.flatMap((g) => g.ingredients).join('\n') }),
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as number;
      const before = await get(id);
      const draft = draftOf(before.recipe);

      // Unchanged: the form has nothing to send (and saves nothing).
      assert.deepEqual(bodyOf(draft, draft), {});

      // The ingredients as the form shows them, sent back (as when the cook typed and undid a change).
      const ingredients = bodyOf(draft, { ...draft, ingredients: `${draft.ingredients}\nchanged` });
      assert.deepEqual(Object.keys(ingredients), [grouped ? 'ingredient_groups' : 'ingredients']);
      await put(id, before.etag, ingredients);
      const afterIngredients = await get(id);
      assert.equal(comparable(afterIngredients.body), comparable(before.body), 'ingredients sent back as shown');

      // Only the servings changed: only servings is sent, and only servings differs.
      const servings = ((r.servings ?? 1) % 10_000) + 1;
      const body = bodyOf({ ...draft, servings: String(servings) }, draft);
      assert.deepEqual(body, { servings });
      await put(id, afterIngredients.etag, body);
      const after = await get(id);
      assert.equal(comparable(after.body), comparable(before.body).replace(`"servings":${r.servings ?? 'null'}`, `"servings":${servings}`));
      assert.equal(after.recipe.servings, servings);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('the form text of groups: headings and lines read back as they were', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ name: heading, ingredients: fc.array(line, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 5 }),
      (groups) => {
        const lines = groups.flatMap((g) => g.ingredients.map((input) => ({ input, group: g.name })));
        const text = ingredientsText({ ingredients: lines.map((l) => l.input).join('\n'), ingredient_lines: lines });
        const back = groupsOfText(text).flatMap((g) => g.ingredients.map((input) => ({ input, group: g.name })));
        assert.deepEqual(back, lines);
      },
    ),
    { seed: SEED, numRuns: 200 },
  );
  assert.equal(
    ingredientsText({
      ingredients: 'a\nb',
      ingredient_lines: [
        { input: 'a', group: 'Dough' },
        { input: 'b', group: null },
      ],
    }),
    'Dough:\na\n:\nb',
  );
  assert.deepEqual(groupsOfText('flour\nFor the top:\n sugar \n\n:\nsalt'), [
    { name: null, ingredients: ['flour'] },
    { name: 'For the top', ingredients: ['sugar'] },
    { name: null, ingredients: ['salt'] },
  ]);
});

test('the edit form sends a change to the time as a number, and an emptied time as null', () => {
  const draft = draftOf({
    title: 'T',
    ingredients: 'x',
    time_minutes: 20,
    servings: null,
    instructions: null,
    source_url: null,
    image_url: null,
  });
  assert.equal(draft.time_minutes, '20');
  assert.deepEqual(bodyOf({ ...draft, time_minutes: '' }, draft), { time_minutes: null });
  assert.deepEqual(bodyOf({ ...draft, time_minutes: '45' }, draft), { time_minutes: 45 });
  assert.equal(
    draftOf({ title: 'T', ingredients: 'x', time_minutes: null, servings: null, instructions: null, source_url: null, image_url: null })
      .time_minutes,
    '',
  );
  // Creating: an empty time is left out (unknown).
  assert.equal('time_minutes' in bodyOf({ ...draft, time_minutes: '' }, null), false);
});

test('PUT with ingredients text keeps the headings of the lines it keeps', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: {
      title: 'Tart',
      time_minutes: 60,
      ingredient_groups: [
        { name: null, ingredients: ['pinch of salt'] },
        { name: 'For the dough', ingredients: ['250 g flour', '125 g butter', '1 egg'] },
        { name: 'For the filling', ingredients: ['4 apples', '50 g sugar'] },
      ],
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  const send = async (ingredients: string) => {
    const res = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: user.auth, payload: { ingredients } });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().ingredient_lines as { input: string; group: string | null }[]).map((l) => [l.input, l.group]);
  };
  const D = 'For the dough';
  const F = 'For the filling';
  // The same text: every heading kept.
  assert.deepEqual(await send('pinch of salt\n250 g flour\n125 g butter\n1 egg\n4 apples\n50 g sugar'), [
    ['pinch of salt', null],
    ['250 g flour', D],
    ['125 g butter', D],
    ['1 egg', D],
    ['4 apples', F],
    ['50 g sugar', F],
  ]);
  // One line edited (stays in its group), one added after a grouped line (joins it), one removed.
  assert.deepEqual(await send('pinch of salt\n300 g flour\n125 g butter\n1 egg\n4 apples\n1 tsp cinnamon\n'), [
    ['pinch of salt', null],
    ['300 g flour', D],
    ['125 g butter', D],
    ['1 egg', D],
    ['4 apples', F],
    ['1 tsp cinnamon', F],
  ]);
  // A line moved keeps its heading; a line added at the very start takes the heading of the line after it.
  assert.deepEqual(await send('1 lemon\n4 apples\npinch of salt\n300 g flour\n125 g butter\n1 egg\n1 tsp cinnamon'), [
    ['1 lemon', F],
    ['4 apples', F],
    ['pinch of salt', null],
    ['300 g flour', D],
    ['125 g butter', D],
    ['1 egg', D],
    ['1 tsp cinnamon', F],
  ]);
  // Only servings: nothing about the lines changes.
  const before = (await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth })).json().ingredient_lines;
  const res = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: user.auth, payload: { servings: 6 } });
  assert.deepEqual(res.json().ingredient_lines, before);
  // ingredient_groups replaces every heading, as documented.
  const regrouped = await app.inject({
    method: 'PUT',
    url: `/recipes/${id}`,
    headers: user.auth,
    payload: { ingredient_groups: [{ name: null, ingredients: ['4 apples'] }] },
  });
  assert.deepEqual(
    regrouped.json().ingredient_lines.map((l: { group: string | null }) => l.group),
    [null],
  );
});

test('carryGroups: unchanged lines keep their heading whatever is inserted or removed around them', () => {
  // Distinct old lines, so which old line a kept one is stays unambiguous.
  const item = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.record({ input: item, group: fc.constantFrom(null, 'X', 'Y') }), {
        minLength: 1,
        maxLength: 12,
        selector: (l) => l.input,
      }),
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('p', 'q', 'r')), { maxLength: 4 }),
      (old, removals, insertions) => {
        // New text: some old lines removed, new ones ('p', 'q', 'r' never occur in old) inserted.
        const kept = old.map((l, i) => ({ ...l, i })).filter((_, i) => !removals.some((r) => r % old.length === i));
        const lines: { input: string; from?: number }[] = kept.map((l) => ({ input: l.input, from: l.i }));
        for (const [at, text] of insertions) lines.splice(at % (lines.length + 1), 0, { input: text });
        const groups = carryGroups(
          old,
          lines.map((l) => l.input),
        );
        assert.equal(groups.length, lines.length);
        // Every kept line keeps its heading (kept lines are a common subsequence, and only the inserted lines are new).
        for (const [k, l] of lines.entries())
          if (l.from !== undefined) assert.equal(groups[k], old[l.from]!.group, JSON.stringify({ old, lines }));
      },
    ),
    { seed: SEED, numRuns: 500 },
  );
});

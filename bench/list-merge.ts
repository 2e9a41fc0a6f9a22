/**
 * Speed of the shopping list's merge in process: a 4-week plan of 84 recipes (10 lines each,
 * scaled to 2–6 servings) added to a list in one batch, as `POST /lists/{id}/plan` will: into an
 * empty list, and into a list that already holds such a plan (every line then merges into an
 * existing item). Lines are parsed beforehand, as recipes store them.
 *
 * The merge remembers lines it read lately (read-line.ts), so the figures come two ways: "seen"
 * runs add the same 840 distinct lines of ../shared/fixtures/ingredients/dev.tsv again and again
 * (100 runs after a warm-up); "new lines" runs each add 840 lines never added before (30 slices
 * of train.tsv), which is the cost of a plan of recipes the process has not met. Without ../shared,
 * 40 sample lines repeated, "seen" only. Median and p99 of wall time, median CPU time.
 *   node --import tsx bench/list-merge.ts
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseIngredientLine } from '../src/modules/ingredients/ingredient-parser.js';
import type { ParsedIngredient } from '../src/modules/ingredients/ingredient.types.js';
import type { ListItem } from '../src/modules/lists/merge/list-item.js';
import { addRecipes, type MergeContext, type RecipeAddition } from '../src/modules/lists/merge/merge.js';
import { DEFAULT_PANTRY_FOODS, pantryOf } from '../src/modules/lists/merge/pantry.js';

const RECIPES = 84;
const LINES_PER_RECIPE = 10;
const RUNS = 100;

const SAMPLE = [
  '2 cups all-purpose flour',
  '250g/9oz plain flour',
  '3 onions, peeled and cut into wedges',
  '1 large onion, chopped',
  '2 garlic cloves, crushed',
  '4 cloves garlic, peeled and chopped',
  '1 x 400g tin chopped tomatoes',
  '200 g cherry tomatoes, halved',
  '2 tbsp olive oil',
  'salt and freshly ground black pepper',
  '100g/4oz butter, softened',
  '2 tbsp butter',
  '600ml/21fl oz chicken stock',
  '1 kg chicken thighs',
  '2 chicken breasts',
  'juice of 2 limes',
  '1 lemon, juiced',
  '1 bunch fresh coriander',
  '½ cup milk',
  '3 large eggs',
  '1 tsp ground cumin',
  '1 tsp smoked paprika',
  '1 (15-ounce) can chickpeas, rinsed',
  '300g/10½oz basmati rice',
  '1 red pepper, deseeded and sliced',
  '2 carrots, diced',
  '2 celery sticks, chopped',
  '1 tbsp soy sauce',
  '1 tbsp honey',
  '50g/2oz parmesan, grated',
  '200ml/7fl oz double cream',
  '2 cebolas picadas',
  '3 dentes de alho',
  '1 xícara (chá) de arroz',
  '500 g de carne moída',
  '2 colheres (sopa) de azeite',
  '1 lata de milho verde',
  '200 g de queijo muçarela ralado',
  '4 batatas médias',
  'sal a gosto',
];

const PLAN_LINES = RECIPES * LINES_PER_RECIPE;
const fixture = (name: string) => {
  const file = new URL(`../../shared/fixtures/ingredients/${name}`, import.meta.url);
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t')[1] ?? '')
    : null;
};
const dev = fixture('dev.tsv');
const source = dev ? dev.slice(0, PLAN_LINES) : Array.from({ length: PLAN_LINES }, (_, i) => SAMPLE[i % SAMPLE.length]!);
// Slices of lines the merge has not read (train.tsv lines that are not in the plan above).
const seen = new Set(source);
const fresh = (fixture('train.tsv') ?? []).filter((l) => !seen.has(l));

// A fixed pseudo-random sequence, so every run adds the same plan.
let seed = 26;
const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);

function plan(lines: ReadonlyArray<string | ParsedIngredient>, tag: string): RecipeAddition[] {
  return Array.from({ length: RECIPES }, (_, r) => ({
    origin: `${tag}${r}`,
    recipe_id: r + 1,
    recipe_servings: 4,
    servings: 2 + Math.floor(next() * 5),
    lines: lines.slice(r * LINES_PER_RECIPE, (r + 1) * LINES_PER_RECIPE),
  }));
}

const parsed = source.map(parseIngredientLine);
const week = plan(parsed, 'p');
const again = plan(parsed, 'q');
const asText = plan(source, 't');
let ids = 0;
const ctx: MergeContext = { newId: () => `i${++ids}`, pantry: pantryOf(DEFAULT_PANTRY_FOODS) };

function merged(items: ListItem[], recipes: RecipeAddition[]) {
  const out = addRecipes(items, recipes, ctx);
  if ('error' in out) throw new Error(out.error);
  return out;
}

const first = merged([], week);
const full = first.items;

function bench(label: string, run: (i: number) => void, runs = RUNS, warmUp = true) {
  if (warmUp) run(-1);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run(i);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
  console.log(
    `list-merge (${label}): median ${at(wall, 0.5).toFixed(2)} ms, p99 ${at(wall, 0.99).toFixed(2)} ms wall; CPU median ${at(cpu, 0.5).toFixed(2)} ms (${runs} runs)`,
  );
}

console.log(
  `${RECIPES} recipes, ${source.length} lines (${dev ? 'dev.tsv' : 'sample lines'}): ${first.items.length} items, ${first.skipped.count} lines skipped (pantry ${first.skipped.by_reason.pantry}, no food ${first.skipped.by_reason['no-food']})`,
);
const slices = Math.min(30, Math.floor(fresh.length / PLAN_LINES));
if (slices > 0) {
  const plans = Array.from({ length: slices }, (_, i) =>
    plan(fresh.slice(i * PLAN_LINES, (i + 1) * PLAN_LINES).map(parseIngredientLine), `n${i}`),
  );
  bench('new lines: 84 parsed recipes into an empty list', (i) => merged([], plans[i]!), slices, false);
}
bench('seen: 84 parsed recipes into an empty list', () => merged([], week));
bench(`seen: 84 parsed recipes into a list of ${full.length} items`, () => merged(full, again));
bench('seen: 84 recipes into an empty list, parsing every line', () => merged([], asText));

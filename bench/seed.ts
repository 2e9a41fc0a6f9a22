/**
 * Seeds a database with N deterministic recipes through the repository layer, in transactions
 * (HTTP would take minutes for a million rows). About 1% of rows contain "saffron", the word the
 * READ workload searches for, as in ../shared/tools/bench.mjs.
 *   node --import tsx bench/seed.ts --db sqlite:/tmp/bench.db --records 100000
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.js';
import type { NewRecipeRow } from '../src/db/tables.js';
import { PasswordHasher } from '../src/modules/auth/passwords.js';
import { usersRepository } from '../src/modules/auth/users.repository.js';
import { recipesRepository } from '../src/modules/recipes/recipes.repository.js';
import { reparseOutdatedIngredients } from '../src/modules/recipes/ingredient-reparse.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, records: { type: 'string', default: '5000' }, batch: { type: 'string', default: '500' } } });
if (!values.db) throw new Error('--db is required');
const total = Number(values.records);
const batchSize = Number(values.batch);

const COMMON = ['flour', 'sugar', 'butter', 'eggs', 'whole milk', 'sea salt', 'black pepper', 'olive oil', 'garlic', 'red onion',
  'tomatoes', 'fresh basil', 'oregano', 'parsley', 'lemon juice', 'arborio rice', 'spaghetti', 'chicken thighs', 'ground beef',
  'pork belly', 'shrimp', 'cod fillet', 'potatoes', 'carrots', 'celery', 'mushrooms', 'spinach', 'parmesan', 'heavy cream',
  'greek yogurt', 'honey', 'red wine vinegar', 'dijon mustard', 'ginger', 'cumin', 'smoked paprika', 'cinnamon', 'vanilla extract',
  'dark chocolate', 'almonds', 'walnuts', 'black beans', 'lentils', 'sweet corn', 'green peas', 'zucchini', 'eggplant',
  'bell pepper', 'chili flakes', 'coriander', 'thyme', 'rosemary', 'soy sauce', 'coconut milk', 'leeks'];
const UNITS = ['1 cup', '2 cups', '1 tbsp', '2 tbsp', '1 tsp', '200 g', '500 g', '3', '1 pinch', '100 ml'];
const ADJ = ['Rustic', 'Classic', 'Spicy', 'Creamy', 'Golden', 'Smoky', 'Herbed', 'Roasted', 'Quick', 'Sunday'];
const DISH = ['Risotto', 'Stew', 'Pasta', 'Tart', 'Curry', 'Soup', 'Salad', 'Pie', 'Paella', 'Gratin', 'Bowl'];

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const database = createDatabase({ url: values.db });
await database.migrate();
const db = database.db;
const started = performance.now();
const username = 'bench_seed_owner';
const owner = await usersRepository.findByUsername(db, username);
const ownerId = owner?.id ?? await usersRepository.insert(db, {
  username, passwordHash: await new PasswordHasher({ memoryCost: 19_456, timeCost: 2, parallelism: 1 }).hash('bench-seed-password'), createdAt: new Date().toISOString(),
});

const rnd = mulberry32(20240601);
const pick = <T>(arr: T[]) => arr[Math.floor(rnd() * arr.length)]!;
const base = Date.now() - total * 1000;
let done = 0;
while (done < total) {
  const rows: NewRecipeRow[] = [];
  for (let i = done; i < Math.min(total, done + 20_000); i++) {
    const lines = new Set<string>();
    const k = 4 + Math.floor(rnd() * 6);
    while (lines.size < k) lines.add(`${pick(UNITS)} ${pick(COMMON)}`);
    const ing = [...lines];
    if (i % 100 === 7) ing.splice(1, 0, '0.5 g saffron');
    const main = pick(COMMON);
    const at = new Date(base + i * 1000).toISOString();
    rows.push({
      title: `${pick(ADJ)} ${main} ${pick(DISH)} #${i + 1}`, ingredients: ing.join('\n'), time_minutes: 5 + Math.floor(rnd() * 116),
      servings: 1 + Math.floor(rnd() * 8), instructions: `Prepare the ${main}. Combine everything, cook gently and season to taste.`,
      source_url: null, image_url: null, owner_id: ownerId, created_at: at, updated_at: at,
    });
  }
  // Many batches per transaction: one commit per 20k rows keeps the WAL and memory small.
  await db.transaction().execute(async (trx) => {
    for (let j = 0; j < rows.length; j += batchSize) await recipesRepository.insertMany(trx, rows.slice(j, j + batchSize));
  });
  done += rows.length;
  if (done % 100_000 === 0 || done === total) console.log(`seeded ${done}/${total} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
// SQLite takes new recipes into its search index in batches (migration 004); the service would
// do it at start, the seed does it now so the benchmark starts on an indexed catalog.
if (database.dialect === 'sqlite') {
  let indexed = 0;
  for (let n; (n = await recipesRepository.indexPendingSearch(db, 50_000)) > 0;) indexed += n;
  console.log(`indexed ${indexed} recipes for search (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
// The service parses every recipe's ingredient lines in the background at start (migration 006);
// the seed does it now, so the benchmark does not measure that backlog being worked off.
const reparsed = await reparseOutdatedIngredients(db, { batchSize: 2000 });
console.log(`parsed the ingredient lines of ${reparsed} recipes (${((performance.now() - started) / 1000).toFixed(1)} s)`);
// Fresh statistics, so the planner knows how selective each index is.
await sql`ANALYZE`.execute(db);
await database.close();
console.log(`seed done: ${total} recipes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

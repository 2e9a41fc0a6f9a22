/**
 * Seeds a database with N deterministic recipes (HTTP would take minutes for a million rows).
 * About 1% of rows contain "saffron", the word the READ workload searches for, as in
 * ../shared/tools/bench.mjs.
 * - SQLite: through the repository layer, in transactions, then the search index and the parse of
 *   the ingredient lines, as the service would do them at start.
 * Both end with the summaries of the common search terms built (summary-warmup.ts), as an import
 * or a restore does, so the service starts warm.
 * - PostgreSQL: the same rows, written by large multi-row `INSERT ... SELECT FROM unnest(...)`
 *   statements with their ingredient lines already parsed (every seeded line is one of a few
 *   hundred, so each is parsed once), while the secondary indexes of `recipes` are dropped; they
 *   are rebuilt afterwards from their own definitions (pg_indexes), so the schema ends exactly as
 *   the migrations made it. Through the repository it took over 7 minutes per 100k recipes (every
 *   row updating two trigram GIN indexes, then a second pass updating each row's parse).
 *   node --import tsx bench/seed.ts --db sqlite:/tmp/bench.db --records 100000
 *   node --import tsx bench/seed.ts --db postgres://postgres@127.0.0.1:5432/bench_x --records 1000000
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.js';
import type { NewRecipeRow } from '../src/db/tables.js';
import { PasswordHasher } from '../src/modules/auth/passwords.js';
import { usersRepository } from '../src/modules/auth/users.repository.js';
import { recipesRepository } from '../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../src/modules/recipes/search/sqlite-index.js';
import { postgresSummaries } from '../src/modules/recipes/search/postgres-summaries.js';
import { sqliteSummaries } from '../src/modules/recipes/search/sqlite-summaries.js';
import { SummaryBuilder } from '../src/modules/recipes/search/summary-builder.js';
import { warmSummaries } from '../src/modules/recipes/search/summary-warmup.js';
import { reparseOutdatedIngredients } from '../src/modules/recipes/ingredient-reparse.js';
import { PARSER_VERSION, storedLine } from '../src/modules/recipes/ingredient-lines.js';
import { parseIngredientLine } from '../src/modules/ingredients/ingredient-parser.js';
import { storedFold } from '../src/lib/fold.js';
import { COMMON_INGREDIENTS } from './common-ingredients.mjs';

const { values } = parseArgs({
  options: { db: { type: 'string' }, records: { type: 'string', default: '5000' }, batch: { type: 'string', default: '500' } },
});
if (!values.db) throw new Error('--db is required');
const total = Number(values.records);
const batchSize = Number(values.batch);

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

// No statement timeout: one statement writes thousands of rows, an index build takes minutes at 1M.
const database = createDatabase({ url: values.db, statementTimeoutMs: 3_600_000 });
await database.migrate();
const db = database.db;
const started = performance.now();
const username = 'bench_seed_owner';
const owner = await usersRepository.findByUsername(db, username);
const ownerId =
  owner?.id ??
  (await usersRepository.insert(db, {
    username,
    passwordHash: await new PasswordHasher({ memoryCost: 19_456, timeCost: 2, parallelism: 1 }).hash('bench-seed-password'),
    createdAt: new Date().toISOString(),
  }));

const rnd = mulberry32(20240601);
const pick = <T>(arr: readonly T[]) => arr[Math.floor(rnd() * arr.length)]!;
const base = Date.now() - total * 1000;
const pg = database.dialect === 'postgres';
/** PostgreSQL: each distinct line's parse as JSON, as parseIngredientsText would give it (group null). */
const parsedLine = new Map<string, string>();
const lineJson = (line: string) => {
  let json = parsedLine.get(line);
  if (json === undefined) parsedLine.set(line, (json = JSON.stringify(storedLine({ ...parseIngredientLine(line), group: null }))));
  return json;
};
let dropped: { name: string; def: string }[] = [];
if (pg) {
  // Secondary indexes go for the load (the primary key stays) and come back from their own definitions.
  const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM recipes`.execute(db);
  if (existing.rows[0]!.n === 0) {
    const { rows } = await sql<{ name: string; def: string }>`SELECT c.relname AS name, pg_get_indexdef(x.indexrelid) AS def
      FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
      WHERE x.indrelid = 'recipes'::regclass AND NOT x.indisprimary AND NOT x.indisunique ORDER BY c.relname`.execute(db);
    dropped = rows;
    for (const r of dropped) await sql`DROP INDEX ${sql.id(r.name)}`.execute(db);
    console.log(`dropped ${dropped.length} secondary indexes of recipes for the load: ${dropped.map((r) => r.name).join(', ')}`);
  }
}
let done = 0;
while (done < total) {
  const rows: NewRecipeRow[] = [];
  for (let i = done; i < Math.min(total, done + 20_000); i++) {
    const lines = new Set<string>();
    const k = 4 + Math.floor(rnd() * 6);
    while (lines.size < k) lines.add(`${pick(UNITS)} ${pick(COMMON_INGREDIENTS)}`);
    const ing = [...lines];
    if (i % 100 === 7) ing.splice(1, 0, '0.5 g saffron');
    const main = pick(COMMON_INGREDIENTS);
    const at = new Date(base + i * 1000).toISOString();
    rows.push({
      title: `${pick(ADJ)} ${main} ${pick(DISH)} #${i + 1}`,
      ingredients: ing.join('\n'),
      time_minutes: 5 + Math.floor(rnd() * 116),
      servings: 1 + Math.floor(rnd() * 8),
      instructions: `Prepare the ${main}. Combine everything, cook gently and season to taste.`,
      source_url: null,
      image_url: null,
      owner_id: ownerId,
      created_at: at,
      updated_at: at,
      ...(pg ? { ingredient_lines: `[${ing.map(lineJson).join(',')}]`, parser_version: PARSER_VERSION } : {}),
    });
  }
  if (pg) for (let j = 0; j < rows.length; j += 5000) await insertPostgres(rows.slice(j, j + 5000));
  else {
    // Many batches per transaction: one commit per 20k rows keeps the WAL and memory small.
    await db.transaction().execute(async (trx) => {
      for (let j = 0; j < rows.length; j += batchSize) await recipesRepository.insertMany(trx, rows.slice(j, j + batchSize));
    });
  }
  done += rows.length;
  if (done % 100_000 === 0 || done === total)
    console.log(`seeded ${done}/${total} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** PostgreSQL: rows in one statement, every column an array parameter. */
async function insertPostgres(rows: NewRecipeRow[]) {
  const col = <K extends keyof NewRecipeRow>(k: K) => rows.map((r) => r[k] ?? null);
  const folds = (k: 'title' | 'ingredients') => rows.map((r) => storedFold(r[k]));
  await sql`INSERT INTO recipes (title, ingredients, time_minutes, servings, instructions, source_url, image_url, owner_id,
      created_at, updated_at, search_title, search_ingredients, ingredient_lines, parser_version)
    SELECT * FROM unnest(${col('title')}::text[], ${col('ingredients')}::text[], ${col('time_minutes')}::int[], ${col('servings')}::int[],
      ${col('instructions')}::text[], ${col('source_url')}::text[], ${col('image_url')}::text[], ${col('owner_id')}::int[],
      ${col('created_at')}::text[], ${col('updated_at')}::text[], ${folds('title')}::text[], ${folds('ingredients')}::text[],
      ${col('ingredient_lines')}::text[], ${col('parser_version')}::text[])`.execute(db);
}

if (dropped.length > 0) {
  // More memory for the index builds of this session only (a GIN build sorts its entries in it).
  await sql`SET maintenance_work_mem = '512MB'`.execute(db);
  for (const r of dropped) {
    const t = performance.now();
    await sql.raw(r.def).execute(db);
    console.log(`rebuilt ${r.name} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
}
// SQLite takes new recipes into its search index in batches (migration 004); the service would
// do it at start, the seed does it now so the benchmark starts on an indexed catalog.
if (database.dialect === 'sqlite') {
  let indexed = 0;
  for (let n; (n = await sqliteIndexing.indexPendingSearch(db, 50_000)) > 0;) indexed += n;
  console.log(`indexed ${indexed} recipes for search (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
// The service parses every recipe's ingredient lines in the background at start (migration 006);
// the seed does it now, so the benchmark does not measure that backlog being worked off
// (on PostgreSQL the rows were written parsed: this finds nothing to do).
const reparsed = await reparseOutdatedIngredients(db, { batchSize: 2000 });
console.log(`parsed the ingredient lines of ${reparsed} recipes (${((performance.now() - started) / 1000).toFixed(1)} s)`);
// PostgreSQL: a vacuum sets the visibility map (index-only scans) as well as the statistics.
if (pg) await sql`VACUUM (ANALYZE) recipes`.execute(db);
// Fresh statistics, so the planner knows how selective each index is.
await sql`ANALYZE`.execute(db);
// The summaries of the common search terms are built with the data, so the service's first
// searches find them (summary-warmup.ts); the service would otherwise build them in the background.
await warmSummaries({
  db,
  dialect: database.dialect,
  builder: new SummaryBuilder((text) => (pg ? postgresSummaries.build(db, text) : sqliteSummaries.addTerm(db, text))),
  log: (msg, data) => console.log(`${msg} ${JSON.stringify(data)}`),
});
console.log(`search summaries built (${((performance.now() - started) / 1000).toFixed(1)} s)`);
await database.close();
console.log(`seed done: ${total} recipes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

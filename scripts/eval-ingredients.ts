/**
 * Scores the in-process parser on a labelled TSV the way ../shared/tools/score-ingredients.mjs
 * scores the service (same quantity, unit and name rules), without a server:
 *   node --import tsx scripts/eval-ingredients.ts ../shared/fixtures/ingredients/dev.tsv [--verbose]
 */
import { readFileSync } from 'node:fs';
import { parseIngredientLines } from '../src/modules/ingredients/ingredient-parser.js';
import { scoreCases, readCases } from '../test/helpers/ingredient-score.js';

const file = process.argv[2] ?? '../shared/fixtures/ingredients/dev.tsv';
const cases = readCases(readFileSync(file, 'utf8'));
const from = Number(process.argv.find((a) => a.startsWith('--from='))?.slice(7) ?? 0);
const to = Number(process.argv.find((a) => a.startsWith('--to='))?.slice(5) ?? cases.length);
const slice = cases.slice(from, to);
const parsed = parseIngredientLines(slice.map((c) => c.input));
const report = scoreCases(slice, parsed);
if (process.argv.includes('--verbose')) for (const m of report.misses) console.log(`  miss ${m}`);
for (const line of report.lines) console.log(line);

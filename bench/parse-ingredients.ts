/**
 * Speed of the ingredient parser in process: 1,000 lines (20 sample lines of English, metric, imperial
 * and non-English, repeated; and 1,000 distinct lines of dev.tsv when ../shared is there), parsed after
 * one warm-up pass (which also loads the model), median of 15 runs.
 *   npm run bench:ingredients
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseIngredientLines } from '../src/modules/ingredients/ingredient-parser.js';

const SAMPLE = [
  '2 cups all-purpose flour',
  '200g/7oz Parmesan (preferably 24 month aged), grated',
  '2 cloves garlic, crushed or finely chopped',
  '1 x 400g tin chopped tomatoes',
  '½ tsp cayenne pepper',
  '1 1/2 cups unsalted butter, softened (375 mL)',
  '2-3 tbsp olive oil',
  'salt and freshly ground black pepper, to taste',
  '3 large free-range eggs, beaten',
  '1 (15-ounce) can cannellini beans, rinsed',
  'handful of fresh flatleaf parsley, roughly torn',
  '8 to 10 pieces of French bread, sliced on the diagonal',
  '500 g de carottes',
  '1,5 EL Olivenöl',
  '2 eetlepels citroensap',
  '1 i 1/2 łyżeczki kurkumy',
  '2 dentes de alho',
  '300 g di radicchio',
  '3 msk olivolja',
  '4 halibut steaks or fillets, 6 ounces each',
];
const repeated = Array.from({ length: 1000 }, (_, i) => SAMPLE[i % SAMPLE.length] as string);
// 1,000 distinct real lines when ../shared is there (fresh words each, so the word cache helps less).
const devFile = new URL('../../shared/fixtures/ingredients/dev.tsv', import.meta.url);
const dev = existsSync(devFile)
  ? readFileSync(devFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1, 1001)
      .map((l) => l.split('\t')[1] ?? '')
  : null;

function bench(label: string, lines: string[]) {
  parseIngredientLines(lines);
  // Wall time, and the CPU time of this process: on a shared, busy machine the CPU time is what
  // the parser itself costs.
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 15; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parseIngredientLines(lines);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `parse-ingredients (${label}): 1000 lines in ${median.toFixed(1)} ms wall, ${(cpu[7] ?? 0).toFixed(1)} ms CPU (medians of 15; wall min ${(times[0] ?? 0).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms)`,
  );
}
bench('20 sample lines repeated', repeated);
if (dev) bench('first 1000 lines of dev.tsv', dev);

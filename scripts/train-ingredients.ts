/**
 * Trains the ingredient tagger (src/modules/ingredients/tagging/perceptron.ts) from
 * ../shared/fixtures/ingredients/train.tsv and writes its weights next to it:
 *
 *   npm run train:ingredients [-- --epochs 8 --holdout-every 13]
 *
 * Every 13th line of train.tsv (--holdout-every) is kept out of training and scored afterwards, together
 * with dev.tsv (which is never trained or tuned on), so overfitting to either shows.
 * Deterministic: the shuffle is seeded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { TOKEN_LABELS, type TokenLabel } from '../src/modules/ingredients/ingredient.types.js';
import { parseWithLabeller } from '../src/modules/ingredients/ingredient-parser.js';
import { tokenFeatures } from '../src/modules/ingredients/tagging/features.js';
import { MODEL_URL, PerceptronTagger, taggerLabels, withHistory, type StoredModel } from '../src/modules/ingredients/tagging/perceptron.js';
import { ruleLabels } from '../src/modules/ingredients/tagging/rules.js';
import { tokenize } from '../src/modules/ingredients/tokenize.js';
import { readCases, scoreCases, type LabelledCase } from '../test/helpers/ingredient-score.js';
import { align } from './ingredients/align.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const EPOCHS = arg('epochs', 8);
// Every HOLDOUT_EVERY-th line of train.tsv (both sources) is held out.
const HOLDOUT_EVERY = arg('holdout-every', 13);
const MIN_COUNT = arg('min-count', 2);
const SCALE = 1000;
const dir = new URL('../../shared/fixtures/ingredients/', import.meta.url);

const all = readCases(readFileSync(new URL('train.tsv', dir), 'utf8'));
const dev = readCases(readFileSync(new URL('dev.tsv', dir), 'utf8'));
const train = all.filter((_, i) => i % HOLDOUT_EVERY !== 0);
const held = all.filter((_, i) => i % HOLDOUT_EVERY === 0);

interface Example {
  feats: string[][];
  gold: TokenLabel[];
}
const examples: Example[] = [];
let dropped = 0;
for (const c of train) {
  const line = c.input.replace(/\s+/g, ' ').trim();
  const tokens = tokenize(line);
  if (!tokens.length) continue;
  const a = align(c, tokens);
  // A row whose name words were not all found is mislabelled or differently worded: leave it out.
  if (a.nameCoverage < 1) {
    dropped++;
    continue;
  }
  examples.push({ feats: tokenFeatures(tokens, ruleLabels(tokens)), gold: a.labels });
}
console.log(`training on ${examples.length} lines (${dropped} left out: name not found in the line), holding out ${held.length}`);

// Feature counts, to drop features seen once (they cost size and rarely help).
const counts = new Map<string, number>();
for (const e of examples) for (const f of e.feats) for (const x of f) counts.set(x, (counts.get(x) ?? 0) + 1);

const NL = TOKEN_LABELS.length;
const weights = new Map<string, Float64Array>();
const totals = new Map<string, Float64Array>();
const stamps = new Map<string, Float64Array>();
let step = 0;
const row = (m: Map<string, Float64Array>, f: string) => {
  let r = m.get(f);
  if (!r) {
    r = new Float64Array(NL);
    m.set(f, r);
  }
  return r;
};
function update(f: string, k: number, delta: number) {
  const w = row(weights, f),
    t = row(totals, f),
    s = row(stamps, f);
  t[k] = (t[k] ?? 0) + (step - (s[k] ?? 0)) * (w[k] ?? 0);
  s[k] = step;
  w[k] = (w[k] ?? 0) + delta;
}
const tagger = new PerceptronTagger(weights);

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  for (let i = examples.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [examples[i], examples[j]] = [examples[j] as Example, examples[i] as Example];
  }
  let errors = 0,
    seen = 0;
  for (const e of examples) {
    const history: TokenLabel[] = [];
    for (let i = 0; i < e.feats.length; i++) {
      step++;
      const f = withHistory(
        (e.feats[i] ?? []).filter((x) => (counts.get(x) ?? 0) >= MIN_COUNT),
        history,
        i,
      );
      const s = tagger.scores(f);
      let best = 0;
      for (let k = 1; k < NL; k++) if ((s[k] ?? 0) > (s[best] ?? 0)) best = k;
      const gold = TOKEN_LABELS.indexOf(e.gold[i] as TokenLabel);
      if (best !== gold) {
        errors++;
        for (const x of f) {
          update(x, gold, 1);
          update(x, best, -1);
        }
      }
      seen++;
      history.push(TOKEN_LABELS[best] as TokenLabel);
    }
  }
  console.log(`epoch ${epoch}: ${(100 * (1 - errors / seen)).toFixed(2)}% of training tokens right`);
}

// Average, round to integers at SCALE, and keep only features with a non-zero weight.
const features: string[] = [];
const flat: number[] = [];
for (const [f, w] of weights) {
  const t = totals.get(f) as Float64Array,
    s = stamps.get(f) as Float64Array;
  const avg = Array.from({ length: NL }, (_, k) => Math.round((((t[k] ?? 0) + (step - (s[k] ?? 0)) * (w[k] ?? 0)) / step) * SCALE));
  if (avg.every((x) => x === 0)) continue;
  features.push(f);
  flat.push(...avg);
}
const stored: StoredModel = { format: 1, labels: [...TOKEN_LABELS], scale: SCALE, features, weights: flat };
const bytes = gzipSync(JSON.stringify(stored), { level: 9 });
writeFileSync(MODEL_URL, bytes);
console.log(`wrote ${MODEL_URL.pathname}: ${features.length} features, ${(bytes.length / 1024).toFixed(0)} KiB`);

const final = PerceptronTagger.fromStored(stored);
const report = (label: string, cases: LabelledCase[]) => {
  const got = cases.map((c) => parseWithLabeller(c.input, (tokens) => taggerLabels(tokens, final)));
  console.log(`\n${label}`);
  for (const l of scoreCases(cases, got).lines) console.log(l);
};
report(`held-out slice of train.tsv (every ${HOLDOUT_EVERY}th line, ${held.length} lines, not trained on)`, held);
report('dev.tsv', dev);

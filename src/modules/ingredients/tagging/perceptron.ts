/**
 * The learned labeller: an averaged perceptron over token features (features.ts), decoded
 * greedily left to right with the two previous predicted labels as extra features. Trained by
 * scripts/train-ingredients.ts; the weights ship as a gzipped JSON file next to this one and are
 * read synchronously on first use.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { TOKEN_LABELS, type TokenLabel } from '../ingredient.types.js';
import type { Token } from '../tokenize.js';
import { tokenFeatures } from './features.js';
import { ruleLabels } from './rules.js';

export const MODEL_URL = new URL('./ingredient-tagger.model.json.gz', import.meta.url);

/** The stored form: features, and per feature one integer weight (x SCALE) per label. */
export interface StoredModel {
  format: 1;
  labels: TokenLabel[];
  scale: number;
  features: string[];
  /** features.length * labels.length integers, row by row. */
  weights: number[];
}

const NL = TOKEN_LABELS.length;

export class PerceptronTagger {
  readonly weights: Map<string, Float64Array>;

  constructor(weights = new Map<string, Float64Array>()) {
    this.weights = weights;
  }

  static fromStored(m: StoredModel): PerceptronTagger {
    if (m.format !== 1 || m.labels.join() !== TOKEN_LABELS.join()) throw new Error('ingredient tagger model does not match this code');
    const w = new Map<string, Float64Array>();
    m.features.forEach((f, i) => {
      const row = new Float64Array(NL);
      for (let k = 0; k < NL; k++) row[k] = (m.weights[i * NL + k] ?? 0) / m.scale;
      w.set(f, row);
    });
    return new PerceptronTagger(w);
  }

  scores(features: string[], out = new Float64Array(NL)): Float64Array {
    out.fill(0);
    for (const f of features) {
      const row = this.weights.get(f);
      if (row) for (let k = 0; k < NL; k++) out[k] = (out[k] ?? 0) + (row[k] ?? 0);
    }
    return out;
  }

  /** Labels for a whole line, given each token's static features. */
  decode(feats: string[][]): TokenLabel[] {
    const labels: TokenLabel[] = [];
    const buf = new Float64Array(NL);
    for (let i = 0; i < feats.length; i++) {
      const s = this.scores(withHistory(feats[i] ?? [], labels, i), buf);
      let best = 0;
      for (let k = 1; k < NL; k++) if ((s[k] ?? 0) > (s[best] ?? 0)) best = k;
      labels.push(TOKEN_LABELS[best] as TokenLabel);
    }
    return labels;
  }
}

/** The static features plus the previous predicted (or, in training, gold-ish) labels. */
export function withHistory(features: string[], labels: TokenLabel[], i: number): string[] {
  const p1 = labels[i - 1] ?? '<s>', p2 = labels[i - 2] ?? '<s>';
  return [...features, `p1=${p1}`, `p12=${p2}|${p1}`, `p1w=${p1}|${features[1] ?? ''}`];
}

let loaded: PerceptronTagger | null | undefined;

/** The shipped model, or null when its file is missing (the rules then label alone). */
export function shippedTagger(): PerceptronTagger | null {
  if (loaded === undefined) {
    try {
      loaded = PerceptronTagger.fromStored(JSON.parse(gunzipSync(readFileSync(MODEL_URL)).toString('utf8')) as StoredModel);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      loaded = null;
    }
  }
  return loaded;
}

/** Labels with the shipped model (rules as features), or with the rules alone when there is none. */
export function taggerLabels(tokens: Token[], tagger = shippedTagger()): TokenLabel[] {
  const rules = ruleLabels(tokens);
  if (!tagger) return rules;
  return tagger.decode(tokenFeatures(tokens, rules));
}

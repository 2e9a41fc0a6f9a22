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
import { BoundedMap } from '../../../lib/bounded-map.js';
import { tokenFeatures, visitContext, wordFeatures } from './features.js';
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
/** Templates whose value is a pair "a|b" (see features.ts and historyFeatures). */
const PAIR_TEMPLATES = new Set(['w-1w', 'ww+1', 'p12', 'p1w']);

export class PerceptronTagger {
  readonly weights: Map<string, Float64Array>;
  /** For decoding: one flat array, NL weights per feature, and each feature's offset in it. */
  private flat: Float64Array | null = null;
  private offsets = new Map<string, number>();
  /**
   * The same offsets split by template and value ("w-1=salt" → 'w-1' → 'salt'), and by the two
   * values of a pair feature ("w-1w=of|salt"): looked up with strings the line already has, so
   * decoding builds no feature strings.
   */
  private byValue = new Map<string, Map<string, number>>();
  private byPair = new Map<string, Map<string, Map<string, number>>>();

  constructor(weights = new Map<string, Float64Array>()) {
    this.weights = weights;
  }

  static fromStored(m: StoredModel): PerceptronTagger {
    if (m.format !== 1 || m.labels.join() !== TOKEN_LABELS.join()) throw new Error('ingredient tagger model does not match this code');
    const t = new PerceptronTagger();
    const flat = new Float64Array(m.features.length * NL);
    for (let i = 0; i < flat.length; i++) flat[i] = (m.weights[i] ?? 0) / m.scale;
    m.features.forEach((f, i) => t.index(f, i * NL));
    t.flat = flat;
    return t;
  }

  private index(f: string, offset: number): void {
    this.offsets.set(f, offset);
    const eq = f.indexOf('=');
    if (eq < 0) return;
    const tpl = f.slice(0, eq),
      value = f.slice(eq + 1);
    let values = this.byValue.get(tpl);
    if (!values) {
      values = new Map();
      this.byValue.set(tpl, values);
    }
    values.set(value, offset);
    const bar = PAIR_TEMPLATES.has(tpl) ? value.indexOf('|') : -1;
    if (bar < 0) return;
    let pairs = this.byPair.get(tpl);
    if (!pairs) {
      pairs = new Map();
      this.byPair.set(tpl, pairs);
    }
    const a = value.slice(0, bar);
    let second = pairs.get(a);
    if (!second) {
      second = new Map();
      pairs.set(a, second);
    }
    second.set(value.slice(bar + 1), offset);
  }

  private offsetOf(tpl: string, a?: string, b?: string): number | undefined {
    if (a === undefined) return this.offsets.get(tpl);
    if (b === undefined) return this.byValue.get(tpl)?.get(a);
    return this.byPair.get(tpl)?.get(a)?.get(b);
  }

  private addAt(offset: number | undefined, out: Float64Array): void {
    const flat = this.flat;
    if (offset === undefined || !flat) return;
    for (let k = 0; k < NL; k++) out[k] = (out[k] as number) + (flat[offset + k] as number);
  }

  /** Sums the weights of the features into out (training: reads the live weights). */
  scores(features: string[], out = new Float64Array(NL)): Float64Array {
    out.fill(0);
    this.add(features, out);
    return out;
  }

  private add(features: string[], out: Float64Array): void {
    const flat = this.flat;
    if (flat) {
      for (const f of features) {
        const o = this.offsets.get(f);
        if (o === undefined) continue;
        for (let k = 0; k < NL; k++) out[k] = (out[k] as number) + (flat[o + k] as number);
      }
      return;
    }
    for (const f of features) {
      const row = this.weights.get(f);
      if (row) for (let k = 0; k < NL; k++) out[k] = (out[k] as number) + (row[k] as number);
    }
  }

  /** Summed weights of each distinct word's own features (see wordFeatures), bounded. */
  private wordScores = new BoundedMap<string, Float64Array>(20_000);

  /**
   * Labels for a line's tokens: the same as decode(tokenFeatures(...)) (a test holds them equal),
   * faster: word scores are cached per distinct word, and context and history features are looked
   * up by their parts instead of being built as strings. Falls back to decode() while training.
   */
  label(tokens: Token[], rules: TokenLabel[]): TokenLabel[] {
    if (!this.flat) return this.decode(tokenFeatures(tokens, rules));
    const n = tokens.length;
    const scores = new Float64Array(n * NL);
    for (let i = 0; i < n; i++) {
      const t = tokens[i] as Token;
      const key = `${t.kind}:${t.text}`;
      let ws = this.wordScores.get(key);
      if (!ws) {
        ws = new Float64Array(NL);
        this.add(wordFeatures(t), ws);
        this.wordScores.set(key, ws);
      }
      scores.set(ws, i * NL);
    }
    visitContext(tokens, rules, (i, tpl, a, b) => {
      const o = this.offsetOf(tpl, a, b);
      if (o === undefined || !this.flat) return;
      for (let k = 0; k < NL; k++) scores[i * NL + k] = (scores[i * NL + k] as number) + (this.flat[o + k] as number);
    });
    const labels: TokenLabel[] = [];
    const buf = new Float64Array(NL);
    for (let i = 0; i < n; i++) {
      buf.set(scores.subarray(i * NL, i * NL + NL));
      const p1 = labels[i - 1] ?? '<s>',
        p2 = labels[i - 2] ?? '<s>';
      this.addAt(this.offsetOf('p1', p1), buf);
      this.addAt(this.offsetOf('p12', p2, p1), buf);
      this.addAt(this.offsetOf('p1w', p1, `w=${(tokens[i] as Token).text.toLowerCase()}`), buf);
      let best = 0;
      for (let k = 1; k < NL; k++) if ((buf[k] as number) > (buf[best] as number)) best = k;
      labels.push(TOKEN_LABELS[best] as TokenLabel);
    }
    return labels;
  }

  /** Labels for a whole line, given each token's static features. */
  decode(feats: string[][]): TokenLabel[] {
    const labels: TokenLabel[] = [];
    const buf = new Float64Array(NL);
    for (let i = 0; i < feats.length; i++) {
      const f = feats[i] ?? [];
      buf.fill(0);
      this.add(f, buf);
      this.add(historyFeatures(f, labels, i), buf);
      let best = 0;
      for (let k = 1; k < NL; k++) if ((buf[k] as number) > (buf[best] as number)) best = k;
      labels.push(TOKEN_LABELS[best] as TokenLabel);
    }
    return labels;
  }
}

function historyFeatures(features: string[], labels: TokenLabel[], i: number): string[] {
  const p1 = labels[i - 1] ?? '<s>',
    p2 = labels[i - 2] ?? '<s>';
  return [`p1=${p1}`, `p12=${p2}|${p1}`, `p1w=${p1}|${features[1] ?? ''}`];
}

/** The static features plus the previous predicted (or, in training, gold-ish) labels. */
export function withHistory(features: string[], labels: TokenLabel[], i: number): string[] {
  return [...features, ...historyFeatures(features, labels, i)];
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
  return tagger.label(tokens, rules);
}

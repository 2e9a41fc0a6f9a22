/**
 * Trains the time and yield models of pages without markup (src/modules/scrape/extract/value-model.ts)
 * on the saved pages that are not held back (test/helpers/scrape-score.ts), each stripped of its
 * JSON-LD and microdata (withoutMarkup) so that it reads like a page without markup, and writes
 * the weights beside the model (value-model.json):
 *
 *   node --import tsx scripts/train-scrape-values.ts [--epochs 10] [--folds 5] [--min-pages 3] [--dry-run]
 *
 * A candidate is right when its value is the page's expected time (minutes) or servings; on a
 * page whose reference states none, no candidate is. Each page is one ranking
 * decision with "no time" (score 0) as an option: when the best candidate is wrong it is pushed
 * down and the best right one up (an averaged perceptron). Before training on all of them, a
 * leave-sites-out cross-validation (folds by the SHA-256 of the host) reports how often the model
 * finds the time on pages it was not trained on, beside the labelled-value rules. Held-back
 * pages are never read. Deterministic: the order is seeded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  valueCandidates,
  VALUE_MODEL_URL,
  scoreValue,
  type ValueCandidate,
  type ValueKind,
} from '../src/modules/scrape/extract/value-model.js';
import { parseHumanDuration, parseServings } from '../src/modules/scrape/extract/durations.js';
import { labelledValues } from '../src/modules/scrape/extract/page-labels.js';
import { loadHtml, textNodes } from '../src/modules/scrape/extract/text.js';
import { loadScoreCases, withoutMarkup } from '../test/helpers/scrape-score.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const EPOCHS = arg('epochs', 10);
const FOLDS = arg('folds', 5);

interface Page {
  host: string;
  /** Null when the page states none: then no candidate is right, and the model learns to say nothing. */
  expected: number | null;
  candidates: ValueCandidate[];
  rule: number | null;
}

const KINDS: ValueKind[] = ['time', 'servings'];
const data: Record<ValueKind, Page[]> = { time: [], servings: [] };
for (const c of loadScoreCases()) {
  if (c.heldBack) continue;
  const $ = loadHtml(withoutMarkup(fs.readFileSync(c.htmlPath, 'utf8')));
  const texts = textNodes($);
  const labels = labelledValues($, texts);
  // A field the reference leaves out or sets to null: the page states none.
  if (c.expected.time_minutes == null || typeof c.expected.time_minutes === 'number') {
    const total = labels.total ? parseHumanDuration(labels.total) : null;
    const parts = (labels.prep ? (parseHumanDuration(labels.prep) ?? 0) : 0) + (labels.cook ? (parseHumanDuration(labels.cook) ?? 0) : 0);
    data.time.push({
      host: c.host,
      expected: c.expected.time_minutes ?? null,
      candidates: valueCandidates(texts, 'time'),
      rule: total ?? (parts > 0 ? parts : null),
    });
  }
  const servings = c.expected.servings == null ? null : Number(c.expected.servings);
  if (servings === null || Number.isFinite(servings)) {
    data.servings.push({
      host: c.host,
      expected: servings,
      candidates: valueCandidates(texts, 'servings'),
      rule: labels.servings ? parseServings(labels.servings) : null,
    });
  }
}
if (!data.time.length) {
  console.error('train-scrape-values: no saved pages under ../shared/fixtures');
  process.exit(2);
}

/** A seeded shuffle (mulberry32), so that training is repeatable. */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Features seen on fewer than MIN_PAGES training pages are left out: one site's words would only fit that site. */
const MIN_PAGES = arg('min-pages', 3);

function keepCommon(data: Page[]): Page[] {
  const pagesWith = new Map<string, number>();
  for (const p of data) for (const f of new Set(p.candidates.flatMap((c) => c.features))) pagesWith.set(f, (pagesWith.get(f) ?? 0) + 1);
  return data.map((p) => ({
    ...p,
    candidates: p.candidates.map((c) => ({ ...c, features: c.features.filter((f) => (pagesWith.get(f) ?? 0) >= MIN_PAGES) })),
  }));
}

function train(all: Page[]): Map<string, number> {
  const data = keepCommon(all);
  const w = new Map<string, number>();
  // Averaging: the sum of every weight over every step, kept lazily.
  const total = new Map<string, number>();
  const stamp = new Map<string, number>();
  let step = 0;
  const update = (features: string[], delta: number) => {
    for (const f of features) {
      const cur = w.get(f) ?? 0;
      total.set(f, (total.get(f) ?? 0) + cur * (step - (stamp.get(f) ?? 0)));
      stamp.set(f, step);
      w.set(f, cur + delta);
    }
  };
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const p of shuffled(data, 1000 + epoch)) {
      step++;
      const scored = p.candidates.map((c) => ({ c, s: scoreValue(c, w) }));
      const top = scored.reduce<{ c: ValueCandidate; s: number } | null>((a, b) => (b.s > 0 && (!a || b.s > a.s) ? b : a), null);
      const right = scored.filter((x) => x.c.value === p.expected).sort((a, b) => b.s - a.s)[0];
      if (top && top.c.value === p.expected) continue;
      if (!top && !right) continue;
      if (right) update(right.c.features, 1);
      if (top) update(top.c.features, -1);
    }
  }
  step++;
  const avg = new Map<string, number>();
  for (const [f, cur] of w) {
    const sum = (total.get(f) ?? 0) + cur * (step - (stamp.get(f) ?? 0));
    const v = Math.round((sum / step) * 1000) / 1000;
    if (v !== 0) avg.set(f, v);
  }
  return avg;
}

const predict = (p: Page, w: Map<string, number>) => {
  let best: ValueCandidate | null = null;
  let top = 0;
  for (const c of p.candidates) {
    const s = scoreValue(c, w);
    if (s > top) {
      top = s;
      best = c;
    }
  }
  return best?.value ?? null;
};

const fold = (host: string) => createHash('sha256').update(`fold:${host}`).digest().readUInt32BE(0) % FOLDS;
const stored: Record<string, unknown> = {};
for (const kind of KINDS) {
  const pages = data[kind];
  let ruleRight = 0;
  let modelRight = 0;
  let bothRight = 0;
  for (let k = 0; k < FOLDS; k++) {
    const w = train(pages.filter((p) => fold(p.host) !== k));
    for (const p of pages.filter((q) => fold(q.host) === k)) {
      const m = predict(p, w);
      if (p.rule === p.expected) ruleRight++;
      if (m === p.expected) modelRight++;
      if ((p.rule ?? m) === p.expected) bothRight++;
    }
  }
  const pct = (n: number) => `${((100 * n) / pages.length).toFixed(1)}%`;
  console.log(
    `${kind}: ${pages.length} tuning pages (${pages.filter((p) => p.expected === null).length} stating none), JSON-LD and microdata stripped`,
  );
  console.log(
    `  leave-sites-out (${FOLDS} folds): labelled-value rules ${pct(ruleRight)}, model alone ${pct(modelRight)}, rules then model ${pct(bothRight)}`,
  );
  const weights = train(pages);
  stored[kind] = {
    trainedOn: pages.length,
    epochs: EPOCHS,
    weights: Object.fromEntries([...weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
if (!process.argv.includes('--dry-run')) {
  fs.writeFileSync(fileURLToPath(VALUE_MODEL_URL), `${JSON.stringify(stored, null, 2)}\n`);
  console.log(`wrote the weights to ${fileURLToPath(VALUE_MODEL_URL)}`);
}

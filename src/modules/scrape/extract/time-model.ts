/**
 * The recipe's time on a page without markup whose labels the rules do not know: every short
 * piece of text that reads as a duration ("45 min", "1 h 30") is a candidate, described by the
 * words around it (the label before it, its own words, the class names of the elements holding
 * it) and where it stands among the page's durations; a linear model scores each one and the
 * best is the time when it scores above zero.
 *
 * The weights are an averaged perceptron's, trained by scripts/train-scrape-time.ts on the saved
 * pages that are not held back (test/helpers/scrape-score.ts), and ship beside this file
 * (time-model.json); they are read once, on first use.
 */
import { readFileSync } from 'node:fs';
import type { AnyNode, Element } from 'domhandler';
import { parseHumanDuration } from './durations.js';
import { collapse, inExcludedArea } from './text.js';

export const TIME_MODEL_URL = new URL('./time-model.json', import.meta.url);

export interface TimeCandidate {
  minutes: number;
  features: string[];
}

const wordsOf = (t: string) =>
  t
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 2 && w.length <= 20);

const classWords = (el: Element | null) =>
  el
    ? `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter((w) => w.length >= 3 && w.length <= 20)
    : [];

const parentTag = (n: AnyNode): Element | null => (n.parent && n.parent.type === 'tag' ? (n.parent as Element) : null);

/** The text just before an element: its previous sibling's, else its parent's previous sibling's. */
function textBefore(el: Element): string {
  for (let cur: Element | null = el, depth = 0; cur && depth < 3; cur = parentTag(cur), depth++) {
    for (let sib = cur.prev; sib; sib = sib.prev) {
      const t = collapse(sib.type === 'text' ? (sib as unknown as { data: string }).data : textOf(sib));
      if (t) return t.slice(-60);
    }
  }
  return '';
}

function textOf(n: AnyNode): string {
  if (n.type === 'text') return (n as unknown as { data: string }).data;
  if (n.type !== 'tag') return '';
  return ((n as Element).children ?? []).map(textOf).join(' ');
}

const bucket = (m: number) => (m <= 10 ? 'le10' : m <= 30 ? 'le30' : m <= 60 ? 'le60' : m <= 180 ? 'le180' : 'gt180');

/**
 * The page's durations, each with its features. A text node that is only a number ("30" beside
 * "min" in another element) is read with its parent element's text.
 */
export function timeCandidates(texts: Array<{ node: AnyNode; text: string }>): TimeCandidate[] {
  const found: Array<{ minutes: number; el: Element; own: string; before: string }> = [];
  const seen = new Set<Element>();
  for (const { node, text } of texts) {
    if (text.length > 60 || !/\d/.test(text)) continue;
    let el = parentTag(node);
    if (!el || seen.has(el) || inExcludedArea(node)) continue;
    let own = text;
    let minutes = parseHumanDuration(text);
    if (minutes === null) {
      own = collapse(textOf(el));
      if (own.length > 40) continue;
      minutes = parseHumanDuration(own);
    }
    if (minutes === null || minutes <= 0) continue;
    // A sentence with a duration in it ("Bake for 10-15 minutes.") is a step, not the recipe's time.
    const tokens = own.split(/\s+/).length;
    if (tokens >= 5 && /[.!?]$/.test(own)) continue;
    seen.add(el);
    // A figure wrapped in its own element: the label and classes of the element around it say more.
    let inner = '';
    if (collapse(textOf(el)) === own && parentTag(el) && collapse(textOf(parentTag(el)!)).length <= 60) {
      el = parentTag(el)!;
      inner = collapse(textOf(el)).replace(own, ' ');
    }
    found.push({ minutes, el, own, before: `${textBefore(el)} ${inner}` });
  }
  const all = found.map((f) => f.minutes);
  const max = Math.max(0, ...all);
  return found.map((f, i) => {
    const features = [
      'bias',
      `min:${bucket(f.minutes)}`,
      `words:${Math.min(f.own.split(/\s+/).length, 6)}`,
      i === 0 ? 'pos:first' : i === 1 ? 'pos:second' : 'pos:later',
      ...(i === found.length - 1 ? ['pos:last'] : []),
      ...(f.minutes === max ? ['largest'] : []),
      ...(found.length === 1 ? ['only'] : []),
      ...(all.filter((m) => m === f.minutes).length > 1 ? ['repeated'] : []),
      ...(/\d\s*[-–]\s*\d/.test(f.own) ? ['range'] : []),
      ...wordsOf(f.own).map((w) => `own:${w}`),
      ...wordsOf(f.before)
        .slice(-4)
        .map((w) => `before:${w}`),
      ...classWords(f.el).map((w) => `class:${w}`),
      ...classWords(parentTag(f.el)).map((w) => `pclass:${w}`),
      `tag:${f.el.name.toLowerCase()}`,
    ];
    return { minutes: f.minutes, features: [...new Set(features)] };
  });
}

let weights: Map<string, number> | null = null;

function loadWeights(): Map<string, number> {
  if (!weights) {
    const stored = JSON.parse(readFileSync(TIME_MODEL_URL, 'utf8')) as { weights: Record<string, number> };
    weights = new Map(Object.entries(stored.weights));
  }
  return weights;
}

export const scoreTime = (c: TimeCandidate, w: Map<string, number> = loadWeights()): number =>
  c.features.reduce((s, f) => s + (w.get(f) ?? 0), 0);

/** The minutes of the best-scoring duration on the page, or null when none scores above zero. */
export function modelTime(texts: Array<{ node: AnyNode; text: string }>, w?: Map<string, number>): number | null {
  let best: TimeCandidate | null = null;
  let top = 0;
  for (const c of timeCandidates(texts)) {
    const s = scoreTime(c, w);
    if (s > top) {
      top = s;
      best = c;
    }
  }
  return best?.minutes ?? null;
}

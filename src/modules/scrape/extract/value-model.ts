/**
 * The recipe's time and yield on a page without markup whose labels the rules do not know: every
 * short piece of text that reads as a duration ("45 min", "1 h 30"), or as a number for the
 * yield ("4 personnes", "6"), is a candidate, described by the words around it (the label
 * before it, its own words, the class names of the elements holding it) and where it stands
 * among the page's other candidates; a linear model per kind scores each one and the best is
 * the value when it scores above zero.
 *
 * The weights are an averaged perceptron's, trained by scripts/train-scrape-values.ts on the
 * saved pages that are not held back (test/helpers/scrape-score.ts), and ship beside this file
 * (value-model.json); they are read once, on first use.
 */
import { readFileSync } from 'node:fs';
import type { AnyNode, Element } from 'domhandler';
import { parseHumanDuration, parseServings } from './durations.js';
import { collapse, inExcludedArea } from './text.js';

export const VALUE_MODEL_URL = new URL('./value-model.json', import.meta.url);

export type ValueKind = 'time' | 'servings';

/** What a candidate's text is worth: minutes of a duration, or a number of servings. */
const READERS: Record<ValueKind, (text: string) => number | null> = {
  time: (t) => {
    const m = parseHumanDuration(t);
    return m !== null && m > 0 ? m : null;
  },
  servings: (t) => (/\d/.test(t) ? parseServings(t) : null),
};

export interface ValueCandidate {
  value: number;
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

/** The text just before an element (its end): its previous sibling's, else its parent's previous sibling's. */
function textBefore(el: Element): string {
  for (let cur: Element | null = el, depth = 0; cur && depth < 3; cur = parentTag(cur), depth++) {
    for (let sib = cur.prev; sib; sib = sib.prev) {
      const t = collapse(textWithin(sib, 60, true));
      if (t) return t.slice(-60);
    }
  }
  return '';
}

/**
 * A node's text, read no further than about `limit` characters from its start (or, `fromEnd`,
 * from its end): enough to tell a short label from a long block without reading a whole section.
 */
function textWithin(n: AnyNode, limit: number, fromEnd = false): string {
  const out: string[] = [];
  let length = 0;
  const walk = (x: AnyNode) => {
    if (length > limit) return;
    if (x.type === 'text') {
      const data = (x as unknown as { data: string }).data;
      out.push(data);
      length += data.trim().length;
    } else if (x.type === 'tag') {
      const children = (x as Element).children ?? [];
      if (fromEnd) for (let i = children.length - 1; i >= 0; i--) walk(children[i]!);
      else for (const c of children) walk(c);
    }
  };
  walk(n);
  return (fromEnd ? out.reverse() : out).join(' ');
}

/** At most this many candidates are read per page: a page's time and yield come early, not in its 300th list item. */
const MAX_CANDIDATES = 150;

const BUCKETS: Record<ValueKind, number[]> = { time: [10, 30, 60, 180], servings: [1, 4, 8, 12] };
const bucket = (kind: ValueKind, v: number) => {
  const i = BUCKETS[kind].findIndex((b) => v <= b);
  return i < 0 ? `gt${BUCKETS[kind].at(-1)}` : `le${BUCKETS[kind][i]}`;
};

/**
 * The page's candidates of one kind, each with its features. A text node that is only a number
 * ("30" beside "min" in another element) is read with its parent element's text.
 */
export function valueCandidates(texts: Array<{ node: AnyNode; text: string }>, kind: ValueKind): ValueCandidate[] {
  const read = READERS[kind];
  const found: Array<{ value: number; el: Element; own: string; before: string }> = [];
  const seen = new Set<Element>();
  for (const { node, text } of texts) {
    if (found.length >= MAX_CANDIDATES) break;
    if (text.length > 60 || !/\d/.test(text)) continue;
    let el = parentTag(node);
    if (!el || seen.has(el) || inExcludedArea(node)) continue;
    let own = text;
    let value = read(text);
    if (value === null) {
      own = collapse(textWithin(el, 41));
      if (own.length > 40) continue;
      value = read(own);
    }
    if (value === null) continue;
    // A sentence with a figure in it ("Bake for 10-15 minutes.") is a step, not the recipe's time or yield.
    const tokens = own.split(/\s+/).length;
    if (tokens >= 5 && /[.!?]$/.test(own)) continue;
    seen.add(el);
    // A figure wrapped in its own element: the label and classes of the element around it say more.
    let inner = '';
    if (collapse(textWithin(el, 61)) === own && parentTag(el)) {
      const around = collapse(textWithin(parentTag(el)!, 61));
      if (around.length <= 60) {
        el = parentTag(el)!;
        inner = around.replace(own, ' ');
      }
    }
    found.push({ value, el, own, before: `${textBefore(el)} ${inner}` });
  }
  const counts = new Map<number, number>();
  for (const f of found) counts.set(f.value, (counts.get(f.value) ?? 0) + 1);
  const max = Math.max(0, ...counts.keys());
  return found.map((f, i) => {
    const features = [
      'bias',
      `${kind === 'time' ? 'min' : 'n'}:${bucket(kind, f.value)}`,
      `words:${Math.min(f.own.split(/\s+/).length, 6)}`,
      i === 0 ? 'pos:first' : i === 1 ? 'pos:second' : 'pos:later',
      ...(i === found.length - 1 ? ['pos:last'] : []),
      ...(f.value === max ? ['largest'] : []),
      ...(found.length === 1 ? ['only'] : []),
      ...((counts.get(f.value) ?? 0) > 1 ? ['repeated'] : []),
      ...(kind === 'servings' && parseHumanDuration(f.own) !== null ? ['duration'] : []),
      ...(/\d\s*[-–]\s*\d/.test(f.own) ? ['range'] : []),
      ...wordsOf(f.own).map((w) => `own:${w}`),
      ...wordsOf(f.before)
        .slice(-4)
        .map((w) => `before:${w}`),
      ...classWords(f.el).map((w) => `class:${w}`),
      ...classWords(parentTag(f.el)).map((w) => `pclass:${w}`),
      `tag:${f.el.name.toLowerCase()}`,
    ];
    return { value: f.value, features: [...new Set(features)] };
  });
}

let weights: Record<ValueKind, Map<string, number>> | null = null;

function loadWeights(kind: ValueKind): Map<string, number> {
  if (!weights) {
    const stored = JSON.parse(readFileSync(VALUE_MODEL_URL, 'utf8')) as Record<ValueKind, { weights: Record<string, number> }>;
    weights = { time: new Map(Object.entries(stored.time.weights)), servings: new Map(Object.entries(stored.servings.weights)) };
  }
  return weights[kind];
}

export const scoreValue = (c: ValueCandidate, w: Map<string, number>): number => c.features.reduce((s, f) => s + (w.get(f) ?? 0), 0);

/** The value of the best-scoring candidate of a kind on the page, or null when none scores above zero. */
export function modelValue(
  texts: Array<{ node: AnyNode; text: string }>,
  kind: ValueKind,
  w: Map<string, number> = loadWeights(kind),
): number | null {
  let best: ValueCandidate | null = null;
  let top = 0;
  for (const c of valueCandidates(texts, kind)) {
    const s = scoreValue(c, w);
    if (s > top) {
      top = s;
      best = c;
    }
  }
  return best?.value ?? null;
}

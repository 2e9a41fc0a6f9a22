/**
 * The method as steps: numbered steps run together in one string, paragraphs glued without a
 * space, step numbers the app adds itself, and a page's method against the structured one.
 */

import { STEP_HEADING } from './vocabulary.js';

const fold = (t: string) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** "1. Heat the oven. 2. Mix. 3) Bake." as one string: the steps, without their numbers. */
export function splitNumberedSteps(text: string): string[] {
  // A step number stands at the start or after a sentence end, and they run 1, 2, 3... The text
  // is whitespace-collapsed, so single spaces suffice; what the number may not follow (a letter
  // or digit) and what must come before it (a sentence end) are checked in code, which keeps the
  // pattern free of lookarounds and linear.
  const marker = /(?:step ?)?(\d{1,2}) ?[.):] [^ ]/gi;
  const cuts: Array<{ at: number; end: number }> = [];
  for (const m of text.matchAll(marker)) {
    if (Number(m[1]) !== cuts.length + 1) continue;
    if (m.index > 0 && /[\p{L}\p{N}]/u.test(text[m.index - 1]!)) continue;
    let k = m.index - 1;
    while (k >= 0 && /\s/.test(text[k]!)) k--;
    if (k >= 0 && !/[.!?:;)]/.test(text[k]!)) continue; // "bake for 2. 5 more minutes": not a step
    cuts.push({ at: m.index, end: m.index + m[0].length - 1 });
  }
  if (cuts.length < 2) return [text];
  const steps = cuts.map((c, i) => text.slice(c.end, cuts[i + 1]?.at ?? text.length).trim());
  const lead = text.slice(0, cuts[0]!.at).trim();
  return [...(lead ? [lead] : []), ...steps].filter(Boolean);
}

/**
 * "…for 3 minutes.Add the tomatoes…": a sentence end followed at once by a capital letter is
 * where two paragraphs were glued when their markup was stripped, so it is a step boundary. Only
 * after a lowercase letter, a digit or a closing bracket, so "U.S.A" and "p.m.The" style
 * abbreviations of capitals stay whole.
 */
export function splitGluedSentences(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const m of text.matchAll(/[\p{Ll}\d)][.!?](?=\p{Lu}\p{Ll})/gu)) {
    const cut = m.index + m[0].length;
    parts.push(text.slice(from, cut).trim());
    from = cut;
  }
  parts.push(text.slice(from).trim());
  return parts.filter(Boolean);
}

const STEP_NUMBER = /^(?:step|stap|schritt|étape|etapa|paso|passo|krok)?\s*\d{1,2}\s*[.:)–-]\s+(?=\S)/i;
/** A line that is only a step's label ("Step 3", "Step 1/4") or its bare number ("2", "2/5"). */
const isStepLabel = (s: string) => STEP_HEADING.test(s) || /^\d{1,2}(?:\s?\/\s?\d{1,2})?[.:]?$/.test(s);

/**
 * Steps without the numbers a page wrote into them ("1. Heat…", "Step 2: Mix…") nor lines that
 * are only such a label: the catalog numbers steps itself, so they would show twice. Only when
 * most steps carry a number, so "2 eggs are enough" in one step keeps its 2.
 */
export function withoutStepNumbers(steps: string[]): string[] {
  const kept = steps.filter((s) => !isStepLabel(s.trim()));
  if (kept.length < 2 || kept.filter((s) => STEP_NUMBER.test(s)).length < kept.length / 2) return kept;
  // Twice: a card's label and the number the author typed again ("Step 1: 1. Heat…") are one step's prefix.
  return kept.map((s) => s.replace(STEP_NUMBER, '').replace(STEP_NUMBER, '')).filter(Boolean);
}

/** Share of the words of `a` found in `b` (multiset), against the longer of the two. */
function overlap(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const pool = new Map<string, number>();
  for (const w of b) pool.set(w, (pool.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of a) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(w, n - 1);
    }
  }
  return shared / Math.max(a.length, b.length);
}

const words = (t: string) =>
  fold(t)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Structured steps that the page's own method holds and goes on from (a site that puts only
 * the first steps in its markup) give way to that method: most of their words are in it, and
 * it has at least half as many words again.
 */
export function fullerMethod(structured: string | null, pageMethod: () => string | null): string | null {
  if (!structured) return structured;
  const html = pageMethod();
  if (!html) return structured;
  const ours = words(structured);
  const theirs = words(html);
  if (theirs.length < 1.5 * ours.length) return structured;
  const pool = new Map<string, number>();
  for (const w of theirs) pool.set(w, (pool.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of ours) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(w, n - 1);
    }
  }
  if (shared < 0.8 * ours.length) return structured;
  // The page must go on with more steps, not say the same steps with asides worked in.
  const ourSteps = structured.split('\n');
  const pageSteps = html.split('\n');
  if (pageSteps.length <= ourSteps.length) return structured;
  // What the page adds must be steps too, not the notes, facts and links that follow a method,
  // nor the same method again (a page showing the recipe for two appliances).
  const known = new Set(ourSteps.map(fold));
  const extra = pageSteps.filter((l) => !known.has(fold(l)));
  const stepWords = ourSteps.map(words);
  if (extra.filter((l) => stepWords.some((w) => overlap(words(l), w) >= 0.6)).length >= extra.length / 2) return structured;
  const sentenceWords = extra.filter((l) => /[.!?](?:\s|$)/.test(l) && words(l).length >= 6).reduce((n, l) => n + words(l).length, 0);
  return sentenceWords >= 0.6 * extra.reduce((n, l) => n + words(l).length, 0) ? html : structured;
}

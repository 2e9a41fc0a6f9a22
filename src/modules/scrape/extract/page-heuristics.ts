/**
 * Strategy 4: the page's own HTML when structured data is missing or partial: sections under
 * headings in several languages, blocks whose class names say what they hold, and labelled
 * values ("Total time: 45 min").
 */
import type * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parseHumanDuration, parseServings } from './durations.js';
import { groupIngredients } from './groups.js';
import { hasQuantity, INGREDIENT_HEADING, QUANTITY_UNIT, INSTRUCTION_HEADING, NOT_STEPS, STEP_HEADING } from './vocabulary.js';
import { BULLET, collapse, elementsIn, hasElementIn, inExcludedArea, isTag, linesOf, textNodes } from './text.js';

const isList = isTag('ul', 'ol');
import type { Line, RecipePart } from './types.js';
import { classContainers, itemsIn, readsAsSteps, sectionHeadings, sectionLines, stepHeadingSections } from './page-sections.js';
import { labelledValues } from './page-labels.js';
import { modelValue } from './value-model.js';
import { docTitle, tagged } from './page-meta.js';

type CheerioAPI = cheerio.CheerioAPI;

// ------------------------------------------------------------------ heuristic fallback

/** Bold or heading text without a quantity inside an ingredient list: the title of a group. */
const isGroupHeading = (l: Line) => l.emphasised && !/\d/.test(l.text);

/** How much a list of lines looks like an ingredient list: many short lines with quantities. */
function ingredientScore(all: Line[]): number {
  let score = 0;
  const lines = all.filter((l) => !isGroupHeading(l));
  for (const l of lines) {
    const t = l.text;
    if (t.length > 200 || /[.!?]\s+\p{Lu}/u.test(t)) score -= 0.5;
    else if (hasQuantity(t)) score += 1;
    else if (t.length <= 80) score += 0.3;
  }
  return lines.length > 80 ? score / 4 : score;
}

/** How much a list of lines looks like method steps: sentences, not menus or single words. */
function instructionScore(lines: Line[]): number {
  let score = 0;
  for (const l of lines) {
    // Chinese, Japanese and Korean sentences have no spaces: two characters count as a word.
    const cjk = l.text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
    const words = l.text.split(/\s+/).length + Math.floor(cjk / 2);
    score += words >= 4 ? Math.min(words, 80) : -2;
  }
  return score;
}

interface Candidate {
  anchor: Element;
  lines: Line[];
}

/** Position of every element in document order, to tell which block follows which. */
function documentOrder($: CheerioAPI): Map<AnyNode, number> {
  const order = new Map<AnyNode, number>();
  elementsIn([$.root()[0]!], () => true).forEach((el, i) => {
    order.set(el, i);
  });
  return order;
}

const fold = (t: string) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The recipe's title from the page itself: the main heading, checked against what the page calls
 * itself (og:title, <title>, and their first part before a " | " or " - " site suffix). An h1 that
 * is the document title (or starts it) beats an h1 that is a search box or a site banner; when the
 * h1 carries extra words after the document title ("X by Site"), the document title's part is it.
 */
function pageTitle($: CheerioAPI): string | null {
  const h1s = tagged($, 'h1')
    .filter((h) => !inExcludedArea(h))
    .map((h) => collapse($(h).text()))
    .filter((t) => t.length > 0 && t.length <= 200);
  const docs = [tagged($, 'meta').find((m) => m.attribs.property === 'og:title')?.attribs.content, docTitle($)]
    .map((t) => collapse(t ?? ''))
    .filter(Boolean);
  const parts = docs.flatMap((t) => [t, t.split(/ [|–—-] /)[0]!.trim()]).filter((t) => t.length >= 3);
  const first = h1s[0];
  // A heading behind a short label ("MMM: Chicken meatballs") and a document title with no site
  // name after a separator: the document title is the page's own plain name for the recipe.
  const docName = collapse(docTitle($));
  if (first && /^[^:]{1,12}:\s/.test(first) && docName.length >= 10 && docName.length <= 200 && !/ [|–—-] /.test(docName)) return docName;
  const equal = h1s.find((h) => parts.some((p) => fold(p) === fold(h)));
  if (equal) return equal;
  const starts = h1s.find((h) => h.length >= 8 && docs.some((d) => fold(d).startsWith(fold(h))));
  if (starts) return starts;
  if (first) {
    const lead = parts.find((p) => p.length >= 10 && fold(first).startsWith(fold(p)));
    return lead ?? first;
  }
  return null;
}

/** Inside something the page hides (a closed dialog, a template): not what the reader sees. */
function isHidden(el: Element): boolean {
  for (let p: AnyNode | null = el; p && p.type === 'tag'; p = p.parent) {
    const attrs = (p as Element).attribs ?? {};
    if ('hidden' in attrs || attrs['aria-hidden'] === 'true') return true;
    if (attrs.class && /(?:^|\s)(?:hide|hidden|d-none)(?:\s|$)/.test(attrs.class)) return true;
    if (attrs.style && /display\s*:\s*none/i.test(attrs.style)) return true;
  }
  return false;
}

/** Less than this is a menu entry or a caption, not a method (two four-word sentences make 8). */
const MIN_METHOD_SCORE = 8;

/**
 * The first list after the ingredient list whose items read as sentences: the method, whatever its
 * heading says ("Let's get started!", "Here's how to make it", "Recipe") or when it has none.
 */
function firstSentenceListAfter(
  $: CheerioAPI,
  order: Map<AnyNode, number>,
  ingredients: Candidate,
  accept: (c: Candidate) => boolean,
): Candidate | undefined {
  const start = order.get(ingredients.anchor) ?? -1;
  const ingredientLines = new Set(ingredients.lines.map((l) => fold(l.text)));
  // In document order, so the first one accepted is the one after the ingredients.
  for (const el of tagged($, 'ol')
    .concat(tagged($, 'ul'))
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))) {
    if ((order.get(el) ?? -1) <= start) continue;
    // Fewer than two items cannot be steps: skipped before their text is read.
    if (elementsIn([el], isTag('li'), false).length < 2 || inExcludedArea(el) || hasElementIn(el, isList)) continue;
    const lines = itemsIn($, [el], true)
      .map((l) => ({ ...l, text: l.text.replace(BULLET, '') }))
      .filter((l) => l.text);
    if (lines.length < 2 || lines.some((l) => ingredientLines.has(fold(l.text)))) continue;
    const candidate = { anchor: el, lines };
    if (readsAsSteps(lines) && accept(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Lists where most items start with a quantity or hold a number and a unit ("1/4 tsp. salt"),
 * for pages whose ingredient list has no heading or class that says so ("Recipe: Carrots").
 */
function quantityLists($: CheerioAPI): Candidate[] {
  const out: Candidate[] = [];
  for (const el of elementsIn([$.root()[0]!], isList)) {
    if (inExcludedArea(el) || isHidden(el) || hasElementIn(el, isList)) continue;
    const lines = itemsIn($, [el], true)
      .map((l) => ({ ...l, text: l.text.replace(BULLET, '') }))
      .filter((l) => l.text);
    if (lines.length < 3 || lines.some((l) => l.text.length > 200)) continue;
    if (lines.filter((l) => hasQuantity(l.text)).length >= 0.6 * lines.length) out.push({ anchor: el, lines });
  }
  return out;
}

/**
 * The paragraphs that follow the ingredient list up to the next heading, when they read as
 * steps: the method of a blog post that writes it as plain paragraphs.
 */
function paragraphsAfterList($: CheerioAPI, ingredients: Candidate): Candidate[] {
  const anchor = ingredients.anchor;
  const list = /^(?:ul|ol)$/i.test(anchor.name) ? anchor : ($(anchor).nextAll('ul, ol').first()[0] as Element | undefined);
  if (!list) return [];
  const paragraphs: Element[] = [];
  for (let sib = list.nextSibling; sib; sib = sib.nextSibling) {
    if (sib.type !== 'tag') continue;
    const el = sib as Element;
    if (el.name.toLowerCase() !== 'p') break;
    if (collapse($(el).text())) paragraphs.push(el);
  }
  const lines = paragraphs.flatMap((p) => linesOf(p));
  return paragraphs.length && readsAsSteps(lines) ? [{ anchor: paragraphs[0]!, lines }] : [];
}

/**
 * The first paragraph after the ingredient list in document order, wherever the page nests it
 * (past an empty heading, out of the list's box, under a heading the rules do not know, such as
 * "A recept"), with the paragraphs beside it: the method when they read as steps, or when one
 * paragraph holds three sentences or more. Only the first paragraph is tried, so a later note
 * or comment is never taken for the method.
 */
function firstParagraphsAfter($: CheerioAPI, order: Map<AnyNode, number>, ingredients: Candidate): Candidate | undefined {
  const start = order.get(ingredients.anchor) ?? -1;
  const inside = new Set(elementsIn([ingredients.anchor], isTag('p')));
  const first = tagged($, 'p')
    .filter((p) => (order.get(p) ?? -1) > start && !inside.has(p) && collapse($(p).text()) && !inExcludedArea(p))
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0];
  if (!first) return undefined;
  const paragraphs: Element[] = [first];
  for (let sib = first.nextSibling; sib; sib = sib.nextSibling) {
    if (sib.type !== 'tag') continue;
    const el = sib as Element;
    if (el.name.toLowerCase() !== 'p') break;
    if (collapse($(el).text())) paragraphs.push(el);
  }
  const lines = paragraphs.flatMap((p) => linesOf(p));
  const oneBlock = lines.length === 1 && (lines[0]!.text.match(/[.!?](?:\s|$)/g)?.length ?? 0) >= 3;
  return readsAsSteps(lines) || oneBlock ? { anchor: first, lines } : undefined;
}

/**
 * Words that end every line of a list ("... shopping list", "... add to cart") are a button
 * or link repeated on each item, not part of the ingredient: they are dropped.
 */
function withoutCommonTail(lines: Line[]): Line[] {
  if (lines.length < 3) return lines;
  const split = lines.map((l) => l.text.split(' '));
  let tail = 0;
  while (tail < 4 && split.every((w) => w.length > tail + 1 && w[w.length - 1 - tail] === split[0]![split[0]!.length - 1 - tail])) tail++;
  const words = split[0]!.slice(-tail).join(' ');
  // "Mehl 200 g", "Zucker 100 g": a unit that ends every line is part of them.
  if (tail === 0 || words.length < 4 || /\d/.test(words) || QUANTITY_UNIT.test(`1 ${words}`)) return lines;
  return lines.map((l, i) => ({ ...l, text: split[i]!.slice(0, -tail).join(' ') }));
}

/**
 * The blocks a page offered as its ingredient list and its method, and the ones chosen: lets
 * scripts/scrape-block-oracle.ts measure how often a better choice among them was there to make.
 */
export interface BlockChoice {
  ingredients: { candidates: Line[][]; chosen: Line[] | null };
  method: { candidates: Line[][]; chosen: Line[] | null };
}

/**
 * `methodOnly`: the ingredients and the method, without the title, times and yields (to compare a
 * page's method with structured steps). `onChoice`: told the candidate blocks and the chosen ones.
 */
export function fromHtml($: CheerioAPI, opts: { methodOnly?: boolean; onChoice?: (choice: BlockChoice) => void } = {}): RecipePart {
  const texts = textNodes($);
  const order = documentOrder($);
  const best = (candidates: Candidate[], score: (l: Line[]) => number): Candidate | undefined => {
    let chosen: Candidate | undefined;
    let top = 0;
    for (const c of candidates) {
      const sc = score(c.lines);
      // ">=" so that, on a tie, the later block wins: recipe cards usually follow the article.
      if (sc > 0 && sc >= top) {
        top = sc;
        chosen = c;
      }
    }
    return chosen;
  };
  const clean = (lines: Line[], heading: RegExp) =>
    lines.map((l) => ({ ...l, text: l.text.replace(BULLET, '') })).filter((l) => l.text && !heading.test(l.text.replace(/[:：]$/, '')));

  const ingredientCandidates: Candidate[] = [
    ...sectionHeadings($, texts, INGREDIENT_HEADING).map((h) => ({
      anchor: h,
      lines: sectionLines($, h, INSTRUCTION_HEADING, true, true),
    })),
    ...classContainers($, /ingredient|zutaten|ingr[ée]dient/i).map((el) => ({ anchor: el, lines: itemsIn($, [el], true) })),
  ].map((c) => ({ ...c, lines: clean(c.lines, INGREDIENT_HEADING) }));
  // Without a heading or class that names it, a list of quantities is the ingredient list.
  const ingredients = best(ingredientCandidates, ingredientScore) ?? best(quantityLists($), ingredientScore);

  const methodHeadings = sectionHeadings($, texts, INSTRUCTION_HEADING);
  // Step cards, each under its own "Step 1/4" heading, are one method, not a method per step.
  const cards = stepHeadingSections($, methodHeadings);
  const stepCandidates: Candidate[] = [
    ...(cards ? [cards] : []),
    ...methodHeadings
      .filter((h) => !cards || !STEP_HEADING.test(collapse($(h).text())))
      .map((h) => ({ anchor: h, lines: sectionLines($, h, NOT_STEPS, 'dominant') })),
    ...classContainers(
      $,
      /instruction|direction|preparation|recipe-?method|recipe-?steps|zubereitung|preparazione|preparaci[oó]n|modo-?de-?preparo/i,
    ).map((el) => ({ anchor: el, lines: itemsIn($, [el], true) })),
  ].map((c) => ({ ...c, lines: clean(c.lines, INSTRUCTION_HEADING) }));
  // The method that belongs to the ingredient list is the first one after it; an article's
  // long "how to make it" prose before the recipe card must not win on length alone.
  const start = ingredients ? (order.get(ingredients.anchor) ?? -1) : -1;
  // At least one real sentence: labels such as "Elkészítési idő: 30 perc" under a method-like title are not a method.
  const isAfter = (c: Candidate) =>
    (order.get(c.anchor) ?? -1) > start &&
    !isHidden(c.anchor) &&
    instructionScore(c.lines) >= MIN_METHOD_SCORE &&
    c.lines.some((l) => l.text.split(/\s+/).length >= 8);
  const byOrder = (a: Candidate, b: Candidate) => (order.get(a.anchor) ?? 0) - (order.get(b.anchor) ?? 0);
  // A section named as the method comes first; else a list of sentences after the ingredients.
  // Each source is read only when the ones before it found nothing.
  const after =
    (cards && isAfter(cards) ? cards : undefined) ??
    stepCandidates.filter(isAfter).sort(byOrder)[0] ??
    (ingredients
      ? (firstSentenceListAfter($, order, ingredients, isAfter) ??
        paragraphsAfterList($, ingredients).find(isAfter) ??
        [firstParagraphsAfter($, order, ingredients)].find((c) => c && isAfter(c)))
      : undefined);
  const steps = ingredients && after ? after : best(stepCandidates, instructionScore);
  if (opts.onChoice) {
    const lists: Candidate[] = [];
    if (ingredients) firstSentenceListAfter($, order, ingredients, (c) => (lists.push(c), false));
    opts.onChoice({
      ingredients: { candidates: [...ingredientCandidates, ...quantityLists($)].map((c) => c.lines), chosen: ingredients?.lines ?? null },
      method: {
        candidates: [...stepCandidates, ...lists, ...(ingredients ? paragraphsAfterList($, ingredients) : [])].map((c) => c.lines),
        chosen: steps?.lines ?? null,
      },
    });
  }
  const grouped = groupIngredients(
    withoutCommonTail((ingredients?.lines ?? []).slice(0, 80)).map((l) => ({ text: l.text, heading: isGroupHeading(l) })),
  );
  const stepLines = (steps?.lines ?? []).slice(0, 80).map((l) => l.text);

  if (opts.methodOnly)
    return { source: 'html', ingredients: grouped.ingredients, instructions: stepLines.length ? stepLines.join('\n') : null };
  const labels = labelledValues($, texts);
  const total = labels.total ? parseHumanDuration(labels.total) : null;
  const parts = (labels.prep ? (parseHumanDuration(labels.prep) ?? 0) : 0) + (labels.cook ? (parseHumanDuration(labels.cook) ?? 0) : 0);
  return {
    source: 'html',
    title: pageTitle($),
    ingredients: grouped.ingredients,
    ingredient_groups: grouped.groups,
    // Labels the rules know first; else the duration the learned model scores best (value-model.ts).
    time_minutes: total ?? (parts > 0 ? parts : modelValue(texts, 'time')),
    instructions: stepLines.length ? stepLines.join('\n') : null,
    servings: (labels.servings ? parseServings(labels.servings) : null) ?? modelValue(texts, 'servings'),
  };
}

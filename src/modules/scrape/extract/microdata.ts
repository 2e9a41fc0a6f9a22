/** Strategy 2: schema.org Recipe microdata (itemscope/itemprop), including properties outside a declared item. */
import type * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { parseServings, timeOf } from './durations.js';
import { groupIngredients, normaliseTags, type IngredientEntry } from './groups.js';
import { pageIndex } from './page-meta.js';
import { collapse, linesOf, visibleText } from './text.js';
import type { RecipePart } from './types.js';

type CheerioAPI = cheerio.CheerioAPI;

// ------------------------------------------------------------------ microdata

function itemValue($: CheerioAPI, el: Element): string {
  const tag = el.name.toLowerCase();
  const $el = $(el);
  if (tag === 'meta') return $el.attr('content') ?? '';
  // A nested item (an ImageObject, say): its own url is the value.
  if ($el.is('[itemscope]')) {
    const inner = itemProperties($, el);
    const url = inner.get('url')?.[0] ?? inner.get('contentUrl')?.[0];
    if (url) return itemValue($, url);
  }
  if (['img', 'audio', 'video', 'source', 'embed', 'iframe', 'track'].includes(tag)) {
    return (
      $el.attr('data-src') ??
      $el.attr('data-lazy-src') ??
      ($el.attr('src')?.startsWith('data:') ? $el.attr('data-pin-media') : $el.attr('src')) ??
      ''
    );
  }
  if (['a', 'link', 'area'].includes(tag)) return $el.attr('href') ?? '';
  if (tag === 'time') return $el.attr('datetime') ?? visibleText(el);
  if (tag === 'data' || tag === 'meter') return $el.attr('value') ?? visibleText(el);
  return $el.attr('content') ?? visibleText(el);
}

/** The elements carrying each property of one item (nested items keep their own properties). */
function itemProperties($: CheerioAPI, scope: Element | null): Map<string, Element[]> {
  const props = new Map<string, Element[]>();
  const found = scope
    ? ($(scope).find('[itemprop]').toArray() as Element[])
    : pageIndex($).all.filter((el) => el.attribs.itemprop !== undefined);
  found.forEach((el) => {
    const owner = $(el).parent().closest('[itemscope]')[0] ?? null;
    if (owner !== scope) return;
    for (const name of ($(el).attr('itemprop') ?? '').split(/\s+/).filter(Boolean)) {
      const key = name.replace(/^.*[/#]/, '');
      props.set(key, [...(props.get(key) ?? []), el as Element]);
    }
  });
  return props;
}

export function fromMicrodata($: CheerioAPI): RecipePart | null {
  const scopes = pageIndex($).all.filter(
    (el) => el.attribs.itemscope !== undefined && /\/Recipe$/i.test((el.attribs.itemtype ?? '').trim().split(/\s+/)[0] ?? ''),
  );
  const candidates = scopes.map((s) => itemProperties($, s));
  // Pages that mark up properties without declaring the Recipe item still say a lot.
  const orphans = itemProperties($, null);
  if (orphans.has('recipeIngredient') || orphans.has('ingredients') || orphans.has('ingredient')) candidates.push(orphans);
  if (candidates.length === 0) return null;

  const ingredientsOf = (p: Map<string, Element[]>): IngredientEntry[] => {
    const els = p.get('recipeIngredient') ?? p.get('ingredients') ?? p.get('ingredient') ?? [];
    return els.flatMap((el) => linesOf(el).map((l) => ({ text: l.text, heading: l.emphasised && !/\d/.test(l.text) })));
  };
  const count = (p: Map<string, Element[]>) => ingredientsOf(p).filter((e) => !e.heading).length;
  const best = candidates.reduce((a, b) => (count(b) > count(a) ? b : a));
  const first = (...names: string[]): string | null => {
    for (const n of names) {
      const el = best.get(n)?.[0];
      if (el) {
        const v = collapse(itemValue($, el));
        if (v) return v;
      }
    }
    return null;
  };
  const { ingredients, groups } = groupIngredients(ingredientsOf(best));
  const stepEls = best.get('recipeInstructions') ?? best.get('instructions') ?? [];
  const steps = stepEls.flatMap((el) => linesOf(el).map((l) => l.text));
  const imageEl = [...(best.get('image') ?? []), ...(best.get('photo') ?? [])]
    .map((el) => itemValue($, el).trim())
    .find((v) => v && !v.startsWith('data:'));
  return {
    source: 'microdata',
    title: first('name'),
    ingredients,
    ingredient_groups: groups,
    tags: normaliseTags(
      ['recipeCategory', 'recipeCuisine', 'keywords'].flatMap((n) => (best.get(n) ?? []).map((el) => collapse(itemValue($, el)))),
    ),
    time_minutes: timeOf(first('totalTime'), first('prepTime'), first('cookTime')),
    instructions: steps.length ? steps.join('\n') : null,
    servings: parseServings(first('recipeYield', 'yield')),
    image_url: imageEl ?? null,
  };
}

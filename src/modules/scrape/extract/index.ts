/**
 * Turns a recipe web page into `{title, ingredients, time_minutes, instructions, servings,
 * image_url}`. Strategies, best first: schema.org Recipe in JSON-LD (json-ld.ts), microdata
 * (microdata.ts), recipe-card plugin markup (recipe-cards.ts), the data the page renders from
 * (page-data.ts: `__NEXT_DATA__`, JSON blocks and attributes), then the page's own HTML
 * (page-heuristics.ts). The source that yields ingredients wins; fields it lacks are filled
 * from the others. Every rule is generic: nothing keys on a particular site.
 */
import type * as cheerio from 'cheerio';
import { boundedMinutes, boundedServings } from './durations.js';
import { fromJsonLd } from './json-ld.js';
import { fromMicrodata } from './microdata.js';
import { baseUrlOf, docTitle, metaContent, resolveUrl, tagged } from './page-meta.js';
import { chooseImage, fallbackPicture, firstContentImage, repairGluedUrl, sharingImage, usableImageRef } from './picture.js';
import { fromPageData } from './page-data.js';
import { fromHtml } from './page-heuristics.js';
import { fromPluginMarkup } from './recipe-cards.js';
import { fullerMethod, withoutStepNumbers } from './steps.js';
import { collapse, loadHtml } from './text.js';
import type { ExtractedRecipe, RecipePart } from './types.js';

export type { ExtractedRecipe, IngredientGroup } from './types.js';
export { MAX_MINUTES, MAX_SERVINGS, parseHumanDuration, parseIsoDuration, parseServings } from './durations.js';
export { parseLenientJson } from './json-ld.js';
export { extractRecipeFromText } from './plain-text.js';
export { cleanText, collapse, linesOf, visibleText } from './text.js';

const fold = (t: string) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

const SEPARATOR = /\s[-|–—:·•»]\s|\s[|»]|[|»]\s/;

/**
 * A structured name that is just the document title ("Leek soup Recipe - Site.com - Recipes")
 * gives way to the page's heading when that heading starts it ("Leek soup").
 */
function withoutPageSuffix($: cheerio.CheerioAPI, name: string | null | undefined): string | null | undefined {
  if (!name) return name;
  const docs = [metaContent($, 'og:title'), docTitle($)].map((t) => fold(t ?? ''));
  if (!docs.includes(fold(name))) return name;
  // Only when what the heading leaves over holds a title separator: "Soup au thermomix" is a name, "Soup - Site" is not.
  const heading = tagged($, 'h1')
    .map((h) => collapse($(h).text()))
    .find((h) => h.length >= 8 && h.length < name.length && fold(name).startsWith(fold(h)) && SEPARATOR.test(name.slice(h.length)));
  return heading ?? name;
}

/** Steps joined with line breaks, without the numbers the page wrote into them. */
const numbered = (method: string | null): string | null => (method ? withoutStepNumbers(method.split('\n')).join('\n') || null : method);

/** Extracts the recipe from a page, or null when the page does not hold one. */
export function extractRecipe(html: string, pageUrl: string): ExtractedRecipe | null {
  const $ = loadHtml(html);
  const fields = ['title', 'time_minutes', 'instructions', 'servings', 'image_url'] as const;
  const has = (p: RecipePart, key: keyof RecipePart) => {
    const v = p[key];
    return v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  };
  // Sources run lazily, best first; the page heuristic only when structured data left gaps.
  const sources: RecipePart[] = [];
  for (const source of [fromJsonLd, fromMicrodata, fromPluginMarkup, fromPageData, fromHtml]) {
    const primary = sources.find((p) => (p.ingredients?.length ?? 0) > 0);
    if (primary && fields.every((f) => sources.some((p) => has(p, f)))) break;
    const found = source($);
    if (found) sources.push(found);
  }
  const primary = sources.find((p) => (p.ingredients?.length ?? 0) > 0);
  if (!primary) return null;
  // A page with no structured recipe needs at least two ingredient lines under a recipe-like heading.
  if (sources.length === 1 && sources[0] === primary && primary.source === 'html' && (primary.ingredients?.length ?? 0) < 2) return null;
  const ordered = [primary, ...sources.filter((p) => p !== primary)];
  const pick = <K extends keyof RecipePart>(key: K): RecipePart[K] | undefined => ordered.find((p) => has(p, key))?.[key];
  const base = baseUrlOf($, pageUrl);
  // schema.org's name beats the page's own heading, even when the ingredients came from the HTML.
  const structuredTitle = withoutPageSuffix($, sources.find((p) => p.source !== 'html' && has(p, 'title'))?.title);
  const title =
    structuredTitle || pick('title') || collapse(metaContent($, 'og:title') ?? '') || collapse(docTitle($)) || 'Untitled recipe';
  const absolute = (raw: string | null | undefined) => (raw ? resolveUrl(repairGluedUrl(raw.trim()), base) : null);
  const structuredImage = absolute(sources.find((p) => p.source !== 'html' && has(p, 'image_url'))?.image_url);
  const shared = sharingImage($);
  const image =
    chooseImage(usableImageRef(shared) ? absolute(shared) : null, structuredImage) ??
    absolute(pick('image_url')) ??
    absolute(firstContentImage($)) ??
    absolute(fallbackPicture($));
  const ingredients = primary.ingredients ?? [];
  return {
    title,
    ingredients,
    time_minutes: boundedMinutes(pick('time_minutes')),
    instructions: numbered(
      fullerMethod(
        pick('instructions') ?? null,
        () => (sources.find((p) => p.source === 'html') ?? fromHtml($, { methodOnly: true })).instructions ?? null,
      ),
    ),
    servings: boundedServings(pick('servings')),
    image_url: image,
    ingredient_groups: primary.ingredient_groups?.length ? primary.ingredient_groups : [{ name: null, ingredients }],
    tags: pick('tags') ?? [],
  };
}

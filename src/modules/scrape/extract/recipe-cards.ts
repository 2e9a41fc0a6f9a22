/** Strategy 3: the class-name conventions of widespread recipe-card plugins. */
import type * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { parseServings, timeOf } from './durations.js';
import { groupIngredients } from './groups.js';
import { pageIndex } from './page-meta.js';
import { largestRendition } from './picture.js';
import { BULLET, collapse, inExcludedArea, linesOf, visibleText } from './text.js';
import type { RecipePart } from './types.js';

type CheerioAPI = cheerio.CheerioAPI;

// ------------------------------------------------------------------ recipe-card plugin markup

/**
 * Class-name conventions of widespread recipe-card plugins (WP Recipe Maker, Tasty Recipes,
 * Mediavine Create, EasyRecipe, WP Ultimate Recipe, Zip Recipes, Cooked). Thousands of sites
 * render their cards with these, so they are a general signal, not a per-site rule, and they
 * still hold when a page's JSON-LD is missing, stripped by a cache, or broken beyond repair.
 * Each field lists selectors to try in order.
 */
interface PluginConvention {
  /** The card's root, to keep one card's fields together on pages with several. */
  card: string;
  title: string[];
  ingredients: string[];
  /** Headings of ingredient groups ("For the sauce"), where the plugin marks them. */
  groupNames?: string;
  instructions: string[];
  total: string[];
  prep: string[];
  cook: string[];
  servings: string[];
  image: string[];
}

const PLUGIN_CONVENTIONS: PluginConvention[] = [
  {
    // WP Recipe Maker
    card: '.wprm-recipe-container, .wprm-recipe',
    title: ['.wprm-recipe-name'],
    ingredients: ['li.wprm-recipe-ingredient', '.wprm-recipe-ingredient'],
    groupNames: '.wprm-recipe-group-name',
    instructions: ['.wprm-recipe-instruction-text', 'li.wprm-recipe-instruction'],
    total: ['.wprm-recipe-total_time'],
    prep: ['.wprm-recipe-prep_time'],
    cook: ['.wprm-recipe-cook_time'],
    servings: ['.wprm-recipe-servings'],
    image: ['.wprm-recipe-image img'],
  },
  {
    // Tasty Recipes
    card: '.tasty-recipes',
    title: ['.tasty-recipes-title'],
    ingredients: ['.tasty-recipes-ingredients li', '.tasty-recipe-ingredients li', '.tasty-recipes-ingredients-body p'],
    groupNames: '.tasty-recipes-ingredients h4, .tasty-recipes-ingredients h3, .tasty-recipes-ingredients-body h4',
    instructions: ['.tasty-recipes-instructions li', '.tasty-recipe-instructions li', '.tasty-recipes-instructions-body p'],
    total: ['.tasty-recipes-total-time'],
    prep: ['.tasty-recipes-prep-time'],
    cook: ['.tasty-recipes-cook-time'],
    servings: ['.tasty-recipes-yield'],
    image: ['.tasty-recipes-image img'],
  },
  {
    // Mediavine Create
    card: '.mv-create-card, .mv-create-wrapper',
    title: ['.mv-create-title-primary', '.mv-create-title'],
    ingredients: ['.mv-create-ingredients li'],
    groupNames: '.mv-create-ingredients h4, .mv-create-ingredients h3',
    instructions: ['.mv-create-instructions li', '.mv-create-instructions p'],
    total: ['.mv-create-time-total .mv-create-time-format'],
    prep: ['.mv-create-time-prep .mv-create-time-format'],
    cook: ['.mv-create-time-active .mv-create-time-format'],
    servings: ['.mv-create-time-yield .mv-create-time-format', '.mv-create-yield'],
    image: ['img.mv-create-image', '.mv-create-image img'],
  },
  {
    // EasyRecipe
    card: '.easyrecipe',
    title: ['.ERSName'],
    ingredients: ['.ERSIngredients li'],
    instructions: ['.ERSInstructions li'],
    total: ['.ERSTime time[itemprop="totalTime"]', '.ERSTimeItem .ERSTotalTime'],
    prep: [],
    cook: [],
    servings: ['.ERSServes', '.ERSServes + *'],
    image: ['.ERSImage img', '.easyrecipe img'],
  },
  {
    // WP Ultimate Recipe
    card: '.wpurp-container',
    title: ['.wpurp-recipe-title'],
    ingredients: ['li.wpurp-recipe-ingredient'],
    groupNames: '.wpurp-recipe-ingredient-group',
    instructions: ['.wpurp-recipe-instruction-text'],
    total: [],
    prep: ['.wpurp-recipe-prep-time'],
    cook: ['.wpurp-recipe-cook-time'],
    servings: ['.wpurp-recipe-servings'],
    image: ['.wpurp-recipe-image img'],
  },
  {
    // Zip Recipes
    card: '#zlrecipe-container, .zlrecipe-container-border',
    title: ['#zlrecipe-title'],
    ingredients: ['#zlrecipe-ingredients-list li'],
    instructions: ['#zlrecipe-instructions-list li'],
    total: ['#zlrecipe-total-time'],
    prep: ['#zlrecipe-prep-time'],
    cook: ['#zlrecipe-cook-time'],
    servings: ['#zlrecipe-yield', '#zlrecipe-serving-size'],
    image: ['#zlrecipe-image img', '.zlrecipe-image img'],
  },
  {
    // Cooked
    card: '.cooked-recipe',
    title: ['.cooked-recipe-name'],
    ingredients: ['.cooked-single-ingredient.cooked-ingredient'],
    instructions: ['.cooked-single-direction .cooked-dir-content', '.cooked-single-direction'],
    total: ['.cooked-total-time .cooked-time'],
    prep: ['.cooked-prep-time .cooked-time'],
    cook: ['.cooked-cook-time .cooked-time'],
    servings: ['.cooked-servings'],
    image: ['.cooked-recipe-image img'],
  },
];

/** The source URL of an `<img>`, preferring lazy-loading attributes over a placeholder `src`. */
function imgSource($: CheerioAPI, img: Element): string | undefined {
  const $img = $(img);
  const src = [$img.attr('data-lazy-src'), $img.attr('data-src'), $img.attr('data-pin-media'), $img.attr('src')].find(
    (s) => s && !s.startsWith('data:'),
  );
  // A card shows a small rendition; its srcset names the larger ones of the same picture.
  return src && largestRendition(src, $img.attr('data-lazy-srcset') ?? $img.attr('data-srcset') ?? $img.attr('srcset'));
}

export function fromPluginMarkup($: CheerioAPI): RecipePart | null {
  const { classes } = pageIndex($);
  for (const conv of PLUGIN_CONVENTIONS) {
    // A card's class names are on the page, or the card is not (one lookup instead of a walk per selector).
    if (!conv.ingredients.some((sel) => [...sel.matchAll(/\.([\w-]+)/g)].every((m) => classes.has(m[1]!)) || /#/.test(sel))) continue;
    const found = conv.ingredients.map((sel) => $(sel).toArray() as Element[]).find((els) => els.length > 0);
    if (!found) continue;
    // Several cards on one page (a round-up): take the one with the most ingredients.
    const byCard = new Map<Element | null, Element[]>();
    for (const el of found) {
      if (inExcludedArea(el)) continue;
      const card = ($(el).closest(conv.card)[0] as Element | undefined) ?? null;
      byCard.set(card, [...(byCard.get(card) ?? []), el]);
    }
    const [card, items] = [...byCard.entries()].reduce((a, b) => (b[1].length > a[1].length ? b : a), [null, []] as [
      Element | null,
      Element[],
    ]);
    if (items.length === 0) continue;
    const within = (sel: string) => (card ? $(card).find(sel) : $(sel)).toArray() as Element[];
    const firstOf = (sels: string[]) => sels.map(within).find((els) => els.length > 0) ?? [];
    const textOf = (sels: string[]) =>
      firstOf(sels)
        .map((el) => visibleText(el))
        .join(' ')
        .trim();
    const lineOf = (el: Element) =>
      collapse(
        linesOf(el)
          .map((l) => l.text)
          .join(' '),
      ).replace(BULLET, '');
    // Group headings and items in page order, so each item lands under its heading.
    const headings = new Set(conv.groupNames ? within(conv.groupNames) : []);
    const itemSet = new Set(items);
    const ordered = headings.size
      ? ((card ? $(card).find('*') : $('*')).toArray() as Element[]).filter((el) => headings.has(el) || itemSet.has(el))
      : items;
    const { ingredients, groups } = groupIngredients(ordered.map((el) => ({ text: lineOf(el), heading: headings.has(el) })));
    const steps = firstOf(conv.instructions).map(lineOf).filter(Boolean);
    const total = textOf(conv.total);
    const prep = textOf(conv.prep);
    const cook = textOf(conv.cook);
    const image = firstOf(conv.image)
      .map((img) => imgSource($, img))
      .find(Boolean);
    return {
      source: 'plugin',
      title: textOf(conv.title) || null,
      ingredients,
      ingredient_groups: groups,
      time_minutes: timeOf(total, prep, cook),
      instructions: steps.length ? steps.join('\n') : null,
      servings: parseServings(textOf(conv.servings)),
      image_url: image ?? null,
    };
  }
  return null;
}

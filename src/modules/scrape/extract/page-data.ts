/**
 * Strategy: the data a page renders itself from when it carries no recipe markup: Next.js's
 * `__NEXT_DATA__`, other JSON script blocks (`application/json`) and JSON held in an HTML
 * attribute (a component's props, `:recipe="{...}"`). The recipe is the object in that data
 * with a list of ingredients, found by walking it; keys are read by meaning, in the spellings
 * such data uses (`ingredients`, `recipeIngredient`, `steps`, `instructions`, `totalTimeMinutes`...).
 */
import type * as cheerio from 'cheerio';
import { parseHumanDuration, parseIsoDuration, parseServings } from './durations.js';
import { groupIngredients, type IngredientEntry } from './groups.js';
import { isObject, type JsonObject } from './json-ld.js';
import { pageIndex, tagged } from './page-meta.js';
import { cleanText } from './text.js';
import type { RecipePart } from './types.js';

type CheerioAPI = cheerio.CheerioAPI;

/** More is not props but a data dump; parsing it would cost more than it could give. */
const MAX_BLOCK_CHARS = 2_000_000;
const MAX_NODES = 100_000;
const MAX_DEPTH = 40;

const INGREDIENTS_KEY =
  /^(?:recipe_?)?(?:ingredients?|ingredient_?lines|ingredient_?list|grouped_?ingredients|ingredient_?groups|ingredient_?sections)$/i;
const STEPS_KEY =
  /^(?:recipe_?)?(?:instructions?|steps|method|directions|preparation|grouped_?instructions|instruction_?groups|instruction_?sections|method_?steps)$/i;
const TITLE_KEYS = ['title', 'name', 'headline', 'recipeName', 'recipe_name'];
const TEXT_KEYS = [
  'text',
  'line',
  'raw',
  'original',
  'originalText',
  'display',
  'displayText',
  'fullText',
  'instruction',
  'description',
  'body',
  'content',
  'step',
];
const TIME_KEYS = [
  'totalTimeMinutes',
  'total_time_minutes',
  'totalTime',
  'total_time',
  'readyInMinutes',
  'ready_in_minutes',
  'totalMinutes',
  'duration',
];
const SERVING_KEYS = [
  'servings',
  'recipeYield',
  'yield',
  'yields',
  'serves',
  'portions',
  'persons',
  'number_of_servings',
  'numberOfServings',
];
const IMAGE_KEYS = ['image', 'heroImage', 'hero_image', 'imageUrl', 'image_url', 'photo', 'picture', 'thumbnail', 'mainImage'];

/** The JSON values the page holds: script blocks of JSON and long JSON-looking attribute values. */
function dataBlocks($: CheerioAPI): unknown[] {
  const raws: string[] = [];
  for (const el of tagged($, 'script'))
    if (el.attribs.id === '__NEXT_DATA__' || el.attribs.type === 'application/json') raws.push($(el).text());
  for (const el of pageIndex($).all) {
    for (const value of Object.values(el.attribs ?? {})) {
      const v = value.trimStart();
      if (v.length > 200 && (v[0] === '{' || v[0] === '[') && /ingredient/i.test(v)) raws.push(v);
    }
  }
  const out: unknown[] = [];
  for (const raw of raws) {
    if (raw.length > MAX_BLOCK_CHARS || !/ingredient/i.test(raw)) continue;
    try {
      out.push(JSON.parse(raw));
    } catch {
      /* not JSON after all */
    }
  }
  return out;
}

/** Every object in the data that has an ingredient list, each with how many lines that list gives. */
function recipeObjects(data: unknown): JsonObject[] {
  const found: JsonObject[] = [];
  let nodes = 0;
  const walk = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH || ++nodes > MAX_NODES) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    if (!isObject(v)) return;
    if (Object.keys(v).some((k) => INGREDIENTS_KEY.test(k) && Array.isArray(v[k]))) found.push(v);
    for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(data, 0);
  return found;
}

const valueOf = (o: JsonObject, keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null && v !== '');
const listUnder = (o: JsonObject, re: RegExp): unknown[] => {
  const key = Object.keys(o).find((k) => re.test(k) && Array.isArray(o[k]));
  return key ? (o[key] as unknown[]) : [];
};

/** A name-like value: a string, or an object's name in one of its spellings. */
function nameOf(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return cleanText(v);
  if (!isObject(v)) return '';
  return cleanText(valueOf(v, ['name', 'title', 'abbreviation', 'name_singular', 'singular', 'label', 'text']) ?? '');
}

/** One ingredient entry as the page would print it: its own text, else quantity, unit, name and note. */
function ingredientLine(o: unknown): string {
  if (typeof o === 'string') return cleanText(o);
  if (!isObject(o)) return '';
  const own = TEXT_KEYS.filter((k) => k !== 'description')
    .map((k) => o[k])
    .find((v) => typeof v === 'string' && v.trim());
  if (own) return cleanText(own);
  const parts = [
    nameOf(valueOf(o, ['prefix'])),
    nameOf(valueOf(o, ['quantity', 'amount', 'qty', 'quantityText', 'amountText'])),
    nameOf(valueOf(o, ['unit', 'unitName', 'unit_name', 'measure'])),
    nameOf(valueOf(o, ['name', 'ingredient', 'food', 'item', 'ingredientName', 'ingredient_name'])),
    nameOf(valueOf(o, ['note', 'notes', 'comment', 'suffix', 'preparation'])),
  ];
  return parts.filter(Boolean).join(' ');
}

/** Ingredient entries in order, with group titles from entries that hold a list of their own. */
function ingredientEntries(list: unknown[], depth = 0): IngredientEntry[] {
  const out: IngredientEntry[] = [];
  for (const item of list) {
    const nested = isObject(item) && depth < 3 ? listUnder(item, INGREDIENTS_KEY) : [];
    if (isObject(item) && nested.length) {
      const title = nameOf(valueOf(item, ['title', 'name', 'heading', 'label']) ?? '');
      if (title) out.push({ text: title, heading: true });
      out.push(...ingredientEntries(nested, depth + 1));
      continue;
    }
    const text = ingredientLine(item);
    if (text) out.push({ text, heading: false });
  }
  return out;
}

/** Steps in order: strings, objects with their text, or sections holding steps of their own. */
function stepTexts(list: unknown[], depth = 0): string[] {
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      if (cleanText(item)) out.push(cleanText(item));
      continue;
    }
    if (!isObject(item)) continue;
    const nested = depth < 3 ? listUnder(item, STEPS_KEY) : [];
    if (nested.length) {
      out.push(...stepTexts(nested, depth + 1));
      continue;
    }
    const text = TEXT_KEYS.map((k) => item[k]).find((v) => typeof v === 'string' && v.trim());
    if (typeof text === 'string') out.push(cleanText(text));
  }
  return out.filter(Boolean);
}

function minutesOf(o: JsonObject): number | null {
  const key = TIME_KEYS.find((k) => o[k] !== undefined && o[k] !== null && o[k] !== '');
  if (!key) return null;
  const v = o[key];
  if (typeof v === 'number') return /minutes/i.test(key) || v < 600 ? v : null;
  return typeof v === 'string' ? (parseIsoDuration(v) ?? parseHumanDuration(v)) : null;
}

function imageUrlOf(v: unknown, depth = 0): string | null {
  if (typeof v === 'string') return /^(?:https?:)?\/\//i.test(v) || v.startsWith('/') ? v : null;
  if (Array.isArray(v)) return depth < 3 ? (v.map((x) => imageUrlOf(x, depth + 1)).find(Boolean) ?? null) : null;
  if (isObject(v) && depth < 3) return imageUrlOf(valueOf(v, ['url', 'src', 'contentUrl', 'href']), depth + 1);
  return null;
}

export function fromPageData($: CheerioAPI): RecipePart | null {
  let best: { recipe: JsonObject; entries: IngredientEntry[] } | null = null;
  for (const block of dataBlocks($)) {
    for (const recipe of recipeObjects(block)) {
      const entries = ingredientEntries(listUnder(recipe, INGREDIENTS_KEY));
      if (entries.filter((e) => !e.heading).length > (best?.entries.filter((e) => !e.heading).length ?? 1)) best = { recipe, entries };
    }
  }
  if (!best) return null;
  const { recipe, entries } = best;
  const grouped = groupIngredients(entries);
  const steps = stepTexts(listUnder(recipe, STEPS_KEY));
  const title = nameOf(valueOf(recipe, TITLE_KEYS) ?? '');
  return {
    source: 'page-data',
    title: title || null,
    ingredients: grouped.ingredients,
    ingredient_groups: grouped.groups,
    time_minutes: minutesOf(recipe),
    instructions: steps.length ? steps.join('\n') : null,
    servings: parseServings(valueOf(recipe, SERVING_KEYS)),
    image_url: imageUrlOf(valueOf(recipe, IMAGE_KEYS)),
  };
}

/** Strategy 1: schema.org Recipe in JSON-LD blocks (lists, @graph, mainEntity, @id references, broken blocks). */
import type * as cheerio from 'cheerio';
import { parseServings, timeOf } from './durations.js';
import { groupIngredients, normaliseTags } from './groups.js';
import { cleanText, htmlLines, loadHtml } from './text.js';
import { tagged } from './page-meta.js';
import { largestImage, type ImageCandidate } from './picture.js';
import { splitGluedSentences, splitNumberedSteps, withoutStepNumbers } from './steps.js';
import type { RecipePart } from './types.js';

type CheerioAPI = cheerio.CheerioAPI;

// ------------------------------------------------------------------ JSON-LD

/**
 * Parses a JSON-LD block, tolerating what real pages do to them: CDATA or HTML comment
 * wrappers, `//` and block comments, raw newlines and control characters inside strings,
 * escapes JSON does not know (`\'`), trailing commas and semicolons, and several objects
 * written one after another.
 */
export function parseLenientJson(raw: string, opts: { keepLineBreaks?: boolean } = {}): unknown {
  const text = raw.trim();
  try {
    return JSON.parse(text);
  } catch {
    /* repair below */
  }
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') {
        const next = text[i + 1] ?? '';
        // `\'` and the like: JSON knows only these escapes, so keep the character, drop the backslash.
        out += /["\\/bfnrtu]/.test(next) ? c + next : next < ' ' ? ' ' : next;
        i++;
        continue;
      }
      if (c === '"') inString = false;
      // A raw line break inside a string is a space by default; the recipe reader keeps it, as
      // it may be what separates the lines of a list held in one string.
      if (c === '\n' && opts.keepLineBreaks) out += '\\n';
      else out += c < ' ' ? ' ' : c;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      i += 8;
      continue;
    }
    if (text.startsWith(']]>', i)) {
      i += 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      i += 3;
      continue;
    }
    if (text.startsWith('-->', i)) {
      i += 2;
      continue;
    }
    out += c < ' ' ? ' ' : c;
  }
  out = trimTrailing(out.replace(/,(\s*[}\]])/g, '$1'));
  try {
    return JSON.parse(out);
  } catch {
    /* maybe several objects in a row */
  }
  try {
    return JSON.parse(`[${out.replace(/}\s*{/g, '},{')}]`);
  } catch {
    return undefined;
  }
}

export /** Drops trailing semicolons and whitespace (a loop: the regex `[;\s]+$` is quadratic on a long run). */
function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ';' || /\s/.test(text[end - 1]!))) end--;
  return text.slice(0, end).trim();
}

export type JsonObject = Record<string, unknown>;
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function typesOf(o: JsonObject): string[] {
  const t = o['@type'] ?? o.type;
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, '').toLowerCase());
}

/** Every object typed Recipe anywhere inside a JSON-LD value (@graph, mainEntity, lists...). */
function findJsonLdRecipes(value: unknown, out: JsonObject[] = [], depth = 0): JsonObject[] {
  if (depth > 12) return out;
  if (Array.isArray(value)) {
    for (const v of value) findJsonLdRecipes(v, out, depth + 1);
  } else if (isObject(value)) {
    if (typesOf(value).includes('recipe')) out.push(value);
    for (const [k, v] of Object.entries(value)) if (k !== '@context' && typeof v === 'object') findJsonLdRecipes(v, out, depth + 1);
  }
  return out;
}

export function stringList(value: unknown): string[] {
  // In a list of several items, a line break inside one item is a wrapped line ("2 cups⏎milk");
  // a single string (or a list of one) may hold the whole list, one item per line.
  if (Array.isArray(value))
    return value.length === 1
      ? stringList(value[0])
      : value.flatMap((v) =>
          stringList(
            typeof v === 'string'
              ? v
                  .split('\n')
                  .map((x) => x.trim())
                  .join(' ')
              : v,
          ),
        );
  if (typeof value === 'string') {
    // One string holding a whole HTML list or several lines: one entry per item or line.
    if (/<(?:li|br|p|div)\b/i.test(value)) return htmlLines(value);
    return value.includes('\n') ? value.split('\n').map(cleanText).filter(Boolean) : [cleanText(value)].filter(Boolean);
  }
  if (isObject(value)) return stringList(value.text ?? value.name);
  return [];
}

/**
 * Ingredient lists some sites build by splitting their text at every ", ": ["250 g pork",
 * " in pieces", " 1", "5 tsp mustard", " 1 tsp herbs (thyme", " oregano)"]. When the list shows
 * that pattern (items starting with a space), the pieces are joined back: a lowercase piece after
 * an item with a quantity ("in pieces"), a piece closing an open parenthesis, and the digits after
 * a bare number (a decimal comma, "1,5").
 */
function joinCommaSplits(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return stringList(value);
  const raw = value as string[];
  if (raw.filter((v, i) => i > 0 && /^ \S/.test(v)).length < Math.max(2, raw.length / 2)) return stringList(value);
  const open = (t: string) => t.split('(').length > t.split(')').length;
  const out: string[] = [];
  for (const piece of raw) {
    const item = piece.trim();
    const prev = out.length - 1;
    const last = out[prev];
    if (
      last !== undefined &&
      item &&
      (open(last) || (/^\d+$/.test(last) && /^\d/.test(item)) || (/^\p{Ll}/u.test(item) && /\d/.test(last)))
    ) {
      out[prev] = /^\d+$/.test(last) ? `${last},${item}` : `${last}, ${item}`;
    } else out.push(item);
  }
  return out.flatMap(stringList);
}

/** A step's own number: its `position`, else the number of a name that is only a label ("Step 3"). */
function stepNumber(value: unknown): number | null {
  if (!isObject(value)) return null;
  const position = Number(value.position);
  if (Number.isInteger(position) && position > 0) return position;
  const label = /^(?:step|stap|schritt|étape|etapa|paso|passo|krok)\s*(\d{1,2})(?:\s*[.:])?$/i.exec(String(value.name ?? '').trim());
  return label ? Number(label[1]) : null;
}

/**
 * Steps numbered 1, 2, 3… that start again at 1 are the method a second time (another
 * appliance's or size's version of the recipe): only the first run is the method.
 */
function firstRun(steps: unknown[]): unknown[] {
  if (steps.length < 4 || stepNumber(steps[0]) !== 1) return steps;
  for (let i = 2; i < steps.length; i++) {
    if (stepNumber(steps[i]) === 1 && stepNumber(steps[i - 1]) === i) return steps.slice(0, i);
  }
  return steps;
}

/** Flattens recipeInstructions (text, HowToStep, HowToSection, ItemList, nested lists) into steps. */
export function instructionSteps(value: unknown, depth = 0): string[] {
  if (depth > 8 || value === null || value === undefined) return [];
  if (Array.isArray(value)) return firstRun(value).flatMap((v) => instructionSteps(v, depth + 1));
  if (typeof value === 'string') {
    // Markup escaped once more than it should be ("&lt;ol&gt;&lt;li&gt;...") is still markup.
    if (!/<[a-z]/i.test(value) && /&lt;\/?(?:ol|ul|li|p|br|div)\b/i.test(value)) {
      return instructionSteps(loadHtml(`<body>${value}</body>`)('body').text(), depth + 1);
    }
    const lines = /<[a-z]/i.test(value) ? htmlLines(value) : value.split(/\r?\n/).map(cleanText).filter(Boolean);
    return (lines.length === 1 ? splitNumberedSteps(lines[0]!) : lines).flatMap(splitGluedSentences);
  }
  if (!isObject(value)) return [];
  if (Array.isArray(value['@list'])) return instructionSteps(value['@list'], depth + 1);
  // ItemList entries: ListItem with the step in `item`.
  if (value.item !== undefined && value.text === undefined) return instructionSteps(value.item, depth + 1);
  const types = typesOf(value);
  const items = value.itemListElement ?? value.steps;
  if (types.includes('howtosection') || (items !== undefined && value.text === undefined)) {
    const name = cleanText(value.name);
    return [...(name ? [name] : []), ...instructionSteps(items, depth + 1)];
  }
  const text = cleanText(value.text ?? value.description ?? value.name);
  return text ? [text] : [];
}

/** Every node that has an `@id`, so that references like `{"@id": "#primaryimage"}` can be followed. */
type IdIndex = Map<string, JsonObject>;

function indexIds(value: unknown, index: IdIndex, depth = 0): IdIndex {
  if (depth > 12) return index;
  if (Array.isArray(value)) for (const v of value) indexIds(v, index, depth + 1);
  else if (isObject(value)) {
    const id = value['@id'];
    // A bare reference must not shadow the node it points to.
    if (typeof id === 'string' && Object.keys(value).length > 1 && !index.has(id)) index.set(id, value);
    for (const [k, v] of Object.entries(value)) if (k !== '@context' && typeof v === 'object') indexIds(v, index, depth + 1);
  }
  return index;
}

/** A node itself, or the node a bare `{"@id": ...}` reference points to. */
function deref(value: unknown, ids: IdIndex): unknown {
  if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) return ids.get(value['@id']) ?? value;
  return value;
}

const dimension = (v: unknown): number | undefined => {
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string'
        ? Number.parseInt(v, 10)
        : isObject(v)
          ? Number.parseInt(String(v.value ?? ''), 10)
          : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * Every picture in an image value, with its size when an ImageObject gives one: a string, a
 * list, an ImageObject (`url`, `contentUrl`), a list of those, or an `@id` reference.
 */
export function imageCandidates(value: unknown, ids: IdIndex = new Map(), depth = 0): ImageCandidate[] {
  if (depth > 4) return [];
  if (typeof value === 'string') return value.trim() ? [{ url: value.trim() }] : [];
  if (Array.isArray(value)) return value.flatMap((v) => imageCandidates(v, ids, depth + 1));
  const node = deref(value, ids);
  if (!isObject(node)) return [];
  const urls = imageCandidates(node.url ?? node.contentUrl, ids, depth + 1);
  if (urls.length) return urls.map((c) => ({ ...c, width: dimension(node.width), height: dimension(node.height) }));
  // An unresolved reference's @id is only an image if it looks like one, not "https://site/#primaryimage".
  const id = typeof node['@id'] === 'string' ? node['@id'] : '';
  return /^https?:\/\/[^#]+$/i.test(id) && /\.(?:jpe?g|png|webp|avif|gif)(?:\?|$)/i.test(id) ? [{ url: id }] : [];
}

/** The recipe's picture from an image value: the largest of its renditions that is a dish's picture. */
export function imageOf(value: unknown, ids: IdIndex = new Map()): string | null {
  return largestImage(imageCandidates(value, ids));
}

export function fromJsonLd($: CheerioAPI): RecipePart | null {
  const recipes: JsonObject[] = [];
  const ids: IdIndex = new Map();
  for (const el of tagged($, 'script')) {
    const type = (el.attribs.type ?? '').toLowerCase();
    if (!type.includes('ld+json')) continue;
    const data = parseLenientJson($(el).text(), { keepLineBreaks: true });
    findJsonLdRecipes(data, recipes);
    indexIds(data, ids);
  }
  if (recipes.length === 0) return null;
  // `recipeIngredient` is current schema.org; older markup says `ingredients`. An empty one
  // must not hide the other.
  const ingredientsOf = (r: JsonObject) => {
    const current = joinCommaSplits(r.recipeIngredient);
    return current.length ? current : joinCommaSplits(r.ingredients);
  };
  const best = recipes.reduce((a, b) => (ingredientsOf(b).length > ingredientsOf(a).length ? b : a));
  // A method that is only the recipe's description again (a teaser) is no method: the page's own is looked for.
  const described = cleanText(best.description);
  const found = withoutStepNumbers(instructionSteps(deref(best.recipeInstructions, ids)));
  const steps = described && found.join(' ') === described ? [] : found;
  const { ingredients, groups } = groupIngredients(ingredientsOf(best).map((text) => ({ text })));
  return {
    source: 'json-ld',
    title: cleanText(best.name ?? best.headline) || null,
    ingredients,
    ingredient_groups: groups,
    tags: normaliseTags([best.recipeCategory, best.recipeCuisine, best.keywords].map((v) => (typeof v === 'string' ? cleanText(v) : v))),
    time_minutes: timeOf(best.totalTime, best.prepTime, best.cookTime),
    instructions: steps.length ? steps.join('\n') : null,
    servings: parseServings(best.recipeYield ?? best.yield),
    image_url: imageOf(best.image, ids) ?? imageOf(best.thumbnailUrl, ids),
  };
}

/**
 * Turns a recipe web page into `{title, ingredients, time_minutes, instructions, servings,
 * image_url}`. Sources, best first: schema.org Recipe in JSON-LD, schema.org microdata, then a
 * heuristic over the page's own HTML (headings such as "Ingredients" / "Zutaten" and the lists
 * under them). The source that yields ingredients wins; fields it lacks are filled from the
 * others. Every rule here is generic: nothing keys on a particular site.
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

type CheerioAPI = cheerio.CheerioAPI;

export interface ExtractedRecipe {
  title: string;
  ingredients: string[];
  time_minutes: number | null;
  /** Steps joined with "\n". */
  instructions: string | null;
  servings: number | null;
  image_url: string | null;
}

interface Partial {
  source: 'json-ld' | 'microdata' | 'plugin' | 'html';
  title?: string | null;
  ingredients?: string[];
  time_minutes?: number | null;
  instructions?: string | null;
  servings?: number | null;
  image_url?: string | null;
}

// ------------------------------------------------------------------ text helpers

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** Collapses whitespace and drops invisible characters (soft hyphens, zero-width spaces). */
export function collapse(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Plain text of a string that may hold markup or (possibly double-) escaped entities, as
 * JSON-LD strings often do: "Pomegranate &amp;amp; Pepper" becomes "Pomegranate & Pepper".
 */
export function cleanText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return '';
  let s = value;
  for (let i = 0; i < 3 && (ENTITY.test(s) || /<[a-z/!]/i.test(s)); i++) {
    const next = cheerio.load(`<body>${s.replace(/<br\s*\/?>/gi, '\n')}</body>`)('body').text();
    if (next === s) break;
    s = next;
  }
  return collapse(s);
}

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'option', 'textarea', 'input', 'iframe', 'object', 'canvas', 'head']);
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'dialog', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'br',
]);
/** Cells of one row: separated by a space, not a line break, so "185 g" + "flour" stay one line. */
const CELL_TAGS = new Set(['td', 'th', 'dt']);
/** Ends a line after it but not before it: `<dt>185 g</dt><dd>flour</dd>` is one ingredient. */
const LINE_END_TAGS = new Set(['dd']);
const EMPHASIS_TAGS = new Set(['strong', 'b', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface Line {
  text: string;
  /** Every character came from bold text or a heading: likely a group title such as "For the sauce". */
  emphasised: boolean;
}

/** Splits an element's visible text into lines at block boundaries and `<br>`. */
export function linesOf(node: AnyNode): Line[] {
  const lines: Line[] = [];
  let buf = '';
  let plainChars = 0;
  const flush = () => {
    const text = collapse(buf);
    if (text) lines.push({ text, emphasised: plainChars === 0 });
    buf = '';
    plainChars = 0;
  };
  const walk = (n: AnyNode, emphasised: boolean) => {
    if (n.type === 'text') {
      const data = (n as unknown as { data: string }).data;
      buf += data;
      if (!emphasised) plainChars += data.replace(/[\s:\u00a0]/g, '').length;
      return;
    }
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    const tag = el.name?.toLowerCase() ?? '';
    if (SKIP_TAGS.has(tag)) return;
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    if (CELL_TAGS.has(tag) || LINE_END_TAGS.has(tag)) buf += ' ';
    const emph = emphasised || EMPHASIS_TAGS.has(tag);
    for (const c of el.children ?? []) walk(c, emph);
    if (CELL_TAGS.has(tag)) buf += ' ';
    if (block || LINE_END_TAGS.has(tag)) flush();
  };
  walk(node, false);
  flush();
  return lines;
}

/** Visible text of an element with block boundaries turned into spaces. */
export function visibleText(node: AnyNode): string {
  return linesOf(node).map((l) => l.text).join(' ');
}

// ------------------------------------------------------------------ numbers and durations

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const ISO_DURATION = new RegExp(`^P(?:(${NUM})Y)?(?:(${NUM})M)?(?:(${NUM})W)?(?:(${NUM})D)?(?:T(?:(${NUM})H)?(?:(${NUM})M)?(?:(${NUM})S)?)?$`, 'i');

const num = (s: string | undefined): number => (s ? Number(s.replace(',', '.')) : 0);

/** Minutes in an ISO-8601 duration (`PT1H30M` → 90, `P0DT0H45M` → 45), or null when it is not one. */
export function parseIsoDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DURATION.exec(value.trim());
  if (!m) return null;
  const minutes = num(m[3]) * 7 * 1440 + num(m[4]) * 1440 + num(m[5]) * 60 + num(m[6]) + num(m[7]) / 60;
  return Math.round(minutes);
}

const UNIT_DAY = /^(?:d|days?|jours?|tage?n?|d[ií]as?|giorni|giorno|dni|dzie[nń]|dagen|dag)$/i;
const UNIT_HOUR = /^(?:h|hrs?|hours?|heures?|std|stunden?|horas?|ore|ora|godz|godzin[ay]?|godzina|uur|timer?)$/i;
const UNIT_MIN = /^(?:m|mn|mins?|minutes?|minuten|minutos?|minuti|minuto|minut[ay]?|min[uú]t|minuter)$/i;
const UNIT_SEC = /^(?:s|secs?|seconds?|sekunden|segundos?|secondi)$/i;

/** Minutes in a human duration such as "1 hour 30 mins", "1 h 05", "45 min", "2 Std. 10 Min.". */
export function parseHumanDuration(text: string): number | null {
  const iso = parseIsoDuration(text);
  if (iso !== null) return iso;
  const re = /(\d+(?:[.,]\d+)?)\s*([a-zà-ÿąćęłńóśźż]+)?\.?/gi;
  let total = 0;
  let found = false;
  let lastWasHour = false;
  for (const m of text.matchAll(re)) {
    const n = num(m[1]);
    const unit = m[2] ?? '';
    if (UNIT_DAY.test(unit)) total += n * 1440;
    else if (UNIT_HOUR.test(unit)) total += n * 60;
    else if (UNIT_MIN.test(unit)) total += n;
    else if (UNIT_SEC.test(unit)) total += n / 60;
    else if (!unit && lastWasHour) total += n; // "1 h 05"
    else continue;
    found = true;
    lastWasHour = UNIT_HOUR.test(unit);
  }
  return found ? Math.round(total) : null;
}

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/**
 * The number of servings in a yield: "8 servings" → 8, "Serves: 4" → 4. For a range written
 * "2 to 4" or "8-10" the upper end is taken, as the reference data does.
 */
export function parseServings(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const n = parseServings(v);
      if (n !== null) return n;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    // QuantitativeValue and friends: {"value": 4, "unitText": "servings"}.
    const o = value as Record<string, unknown>;
    return parseServings(o.value ?? o.name ?? o.text);
  }
  const text = cleanText(value);
  if (!text) return null;
  if (!/\d/.test(text)) {
    const word = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i.exec(text)?.[1];
    return word ? NUMBER_WORDS.indexOf(word.toLowerCase()) + 1 : null;
  }
  const range = /(\d+)(?:\s+(?:to|a|à|bis|al|do|tot)\s+|-)(\d+)/i.exec(text);
  if (range) return Number(range[2]);
  const first = /\d+(?:[.,]\d+)?/.exec(text);
  if (!first) return null;
  const n = num(first[0]);
  return n > 0 ? n : null;
}

// ------------------------------------------------------------------ URLs

function resolveUrl(raw: string | undefined | null, base: string): string | null {
  const s = raw?.trim();
  if (!s || s.startsWith('data:')) return null;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? (s === u.href || /^https?:\/\//i.test(s) ? s : u.href) : null;
  } catch {
    return null;
  }
}

/**
 * The base for relative links. A saved or mirrored page is usually served from somewhere else,
 * so the page's own `<base>`, canonical link or og:url say better where its images live.
 */
function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  for (const candidate of [$('base[href]').attr('href'), $('link[rel~="canonical"]').attr('href'), $('meta[property="og:url"]').attr('content')]) {
    if (!candidate) continue;
    try {
      const u = new URL(candidate, pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    } catch { /* try the next one */ }
  }
  return pageUrl;
}

// ------------------------------------------------------------------ JSON-LD

/**
 * Parses a JSON-LD block, tolerating what real pages do to them: CDATA or HTML comment
 * wrappers, `//` and block comments, raw newlines and control characters inside strings,
 * escapes JSON does not know (`\'`), trailing commas and semicolons, and several objects
 * written one after another.
 */
export function parseLenientJson(raw: string): unknown {
  const text = raw.trim();
  try {
    return JSON.parse(text);
  } catch { /* repair below */ }
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
      out += c < ' ' ? ' ' : c;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    if (c === '/' && text[i + 1] === '/') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '/' && text[i + 1] === '*') { const end = text.indexOf('*/', i + 2); i = end < 0 ? text.length : end + 1; continue; }
    if (text.startsWith('<![CDATA[', i)) { i += 8; continue; }
    if (text.startsWith(']]>', i)) { i += 2; continue; }
    if (text.startsWith('<!--', i)) { i += 3; continue; }
    if (text.startsWith('-->', i)) { i += 2; continue; }
    out += c < ' ' ? ' ' : c;
  }
  out = out.replace(/,(\s*[}\]])/g, '$1').replace(/[;\s]+$/, '').trim();
  try {
    return JSON.parse(out);
  } catch { /* maybe several objects in a row */ }
  try {
    return JSON.parse(`[${out.replace(/}\s*{/g, '},{')}]`);
  } catch {
    return undefined;
  }
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(o: JsonObject): string[] {
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

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(stringList);
  if (typeof value === 'string') {
    // One string holding a whole HTML list or several lines: one entry per item or line.
    if (/<(?:li|br|p|div)\b/i.test(value)) return htmlLines(value);
    return value.includes('\n') ? value.split('\n').map(cleanText).filter(Boolean) : [cleanText(value)].filter(Boolean);
  }
  if (isObject(value)) return stringList(value.text ?? value.name);
  return [];
}

/** Lines of an HTML fragment: list items, paragraphs and `<br>`-separated text. */
function htmlLines(fragment: string): string[] {
  const $ = cheerio.load(`<body>${fragment}</body>`);
  return linesOf($('body')[0]!).map((l) => cleanText(l.text)).filter(Boolean);
}

/** "1. Heat the oven. 2. Mix. 3) Bake." as one string: the steps, without their numbers. */
function splitNumberedSteps(text: string): string[] {
  // A step number stands at the start or after a sentence end, and they run 1, 2, 3...
  const marker = /(?<![\p{L}\p{N}])(?:step\s*)?(\d{1,2})\s*[.):]\s+(?=\S)/giu;
  const cuts: Array<{ at: number; end: number }> = [];
  for (const m of text.matchAll(marker)) {
    if (Number(m[1]) !== cuts.length + 1) continue;
    const before = text.slice(0, m.index).trimEnd();
    if (before && !/[.!?:;)]$/.test(before)) continue; // "bake for 2. 5 more minutes": not a step
    cuts.push({ at: m.index, end: m.index + m[0].length });
  }
  if (cuts.length < 2) return [text];
  const steps = cuts.map((c, i) => text.slice(c.end, cuts[i + 1]?.at ?? text.length).trim());
  const lead = text.slice(0, cuts[0]!.at).trim();
  return [...(lead ? [lead] : []), ...steps].filter(Boolean);
}

/** Flattens recipeInstructions (text, HowToStep, HowToSection, ItemList, nested lists) into steps. */
function instructionSteps(value: unknown, depth = 0): string[] {
  if (depth > 8 || value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => instructionSteps(v, depth + 1));
  if (typeof value === 'string') {
    // Markup escaped once more than it should be ("&lt;ol&gt;&lt;li&gt;...") is still markup.
    if (!/<[a-z]/i.test(value) && /&lt;\/?(?:ol|ul|li|p|br|div)\b/i.test(value)) {
      return instructionSteps(cheerio.load(`<body>${value}</body>`)('body').text(), depth + 1);
    }
    const lines = /<[a-z]/i.test(value) ? htmlLines(value) : value.split(/\r?\n/).map(cleanText).filter(Boolean);
    return lines.length === 1 ? splitNumberedSteps(lines[0]!) : lines;
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

/** The image URL in any of its shapes: string, list, ImageObject, list of those, or an @id reference. */
function imageOf(value: unknown, ids: IdIndex = new Map(), depth = 0): string | null {
  if (depth > 4) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = imageOf(v, ids, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const node = deref(value, ids);
  if (!isObject(node)) return null;
  const direct = imageOf(node.url ?? node.contentUrl, ids, depth + 1);
  if (direct) return direct;
  // An unresolved reference's @id is only an image if it looks like one, not "https://site/#primaryimage".
  const id = typeof node['@id'] === 'string' ? node['@id'] : '';
  return /^https?:\/\/[^#]+$/i.test(id) && /\.(?:jpe?g|png|webp|avif|gif)(?:\?|$)/i.test(id) ? id : null;
}

function timeOf(total: unknown, prep: unknown, cook: unknown): number | null {
  const read = (v: unknown): number | null => {
    if (typeof v === 'number') return v;
    if (typeof v !== 'string' || !v.trim()) return null;
    return parseIsoDuration(v) ?? parseHumanDuration(v);
  };
  const t = read(total);
  if (t !== null && t > 0) return t;
  const p = read(prep);
  const c = read(cook);
  if (p === null && c === null) return t;
  return (p ?? 0) + (c ?? 0);
}

function fromJsonLd($: CheerioAPI): Partial | null {
  const recipes: JsonObject[] = [];
  const ids: IdIndex = new Map();
  $('script').each((_, el) => {
    const type = ($(el).attr('type') ?? '').toLowerCase();
    if (!type.includes('ld+json')) return;
    const data = parseLenientJson($(el).text());
    findJsonLdRecipes(data, recipes);
    indexIds(data, ids);
  });
  if (recipes.length === 0) return null;
  // `recipeIngredient` is current schema.org; older markup says `ingredients`. An empty one
  // must not hide the other.
  const ingredientsOf = (r: JsonObject) => {
    const current = stringList(r.recipeIngredient);
    return current.length ? current : stringList(r.ingredients);
  };
  const best = recipes.reduce((a, b) => (ingredientsOf(b).length > ingredientsOf(a).length ? b : a));
  const steps = instructionSteps(deref(best.recipeInstructions, ids));
  return {
    source: 'json-ld',
    title: cleanText(best.name ?? best.headline) || null,
    ingredients: dropGroupTitles(ingredientsOf(best)),
    time_minutes: timeOf(best.totalTime, best.prepTime, best.cookTime),
    instructions: steps.length ? steps.join('\n') : null,
    servings: parseServings(best.recipeYield ?? best.yield),
    image_url: imageOf(best.image, ids) ?? imageOf(best.thumbnailUrl, ids),
  };
}

/** Drops lines like "For the sauce:" that head a group of ingredients rather than being one. */
function dropGroupTitles(lines: string[]): string[] {
  return lines.filter((l) => !(/[:：]$/.test(l) && !/\d/.test(l) && l.split(/\s+/).length <= 6));
}

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
    return $el.attr('data-src') ?? $el.attr('data-lazy-src') ?? ($el.attr('src')?.startsWith('data:') ? $el.attr('data-pin-media') : $el.attr('src')) ?? '';
  }
  if (['a', 'link', 'area'].includes(tag)) return $el.attr('href') ?? '';
  if (tag === 'time') return $el.attr('datetime') ?? visibleText(el);
  if (tag === 'data' || tag === 'meter') return $el.attr('value') ?? visibleText(el);
  return $el.attr('content') ?? visibleText(el);
}

/** The elements carrying each property of one item (nested items keep their own properties). */
function itemProperties($: CheerioAPI, scope: Element | null): Map<string, Element[]> {
  const props = new Map<string, Element[]>();
  const found = scope ? $(scope).find('[itemprop]') : $('[itemprop]');
  found.each((_, el) => {
    const owner = $(el).parent().closest('[itemscope]')[0] ?? null;
    if (owner !== scope) return;
    for (const name of ($(el).attr('itemprop') ?? '').split(/\s+/).filter(Boolean)) {
      const key = name.replace(/^.*[/#]/, '');
      props.set(key, [...(props.get(key) ?? []), el as Element]);
    }
  });
  return props;
}

function fromMicrodata($: CheerioAPI): Partial | null {
  const scopes = $('[itemscope][itemtype]').filter((_, el) => /\/Recipe$/i.test(($(el).attr('itemtype') ?? '').trim().split(/\s+/)[0] ?? '')).toArray() as Element[];
  const candidates = scopes.map((s) => itemProperties($, s));
  // Pages that mark up properties without declaring the Recipe item still say a lot.
  const orphans = itemProperties($, null);
  if (orphans.has('recipeIngredient') || orphans.has('ingredients') || orphans.has('ingredient')) candidates.push(orphans);
  if (candidates.length === 0) return null;

  const ingredientsOf = (p: Map<string, Element[]>): string[] => {
    const els = p.get('recipeIngredient') ?? p.get('ingredients') ?? p.get('ingredient') ?? [];
    return els.flatMap((el) => linesOf(el).filter((l) => !(l.emphasised && !/\d/.test(l.text))).map((l) => l.text));
  };
  const best = candidates.reduce((a, b) => (ingredientsOf(b).length > ingredientsOf(a).length ? b : a));
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
  const stepEls = best.get('recipeInstructions') ?? best.get('instructions') ?? [];
  const steps = stepEls.flatMap((el) => linesOf(el).map((l) => l.text));
  const imageEl = [...(best.get('image') ?? []), ...(best.get('photo') ?? [])].map((el) => itemValue($, el).trim()).find((v) => v && !v.startsWith('data:'));
  return {
    source: 'microdata',
    title: first('name'),
    ingredients: dropGroupTitles(ingredientsOf(best)),
    time_minutes: timeOf(first('totalTime'), first('prepTime'), first('cookTime')),
    instructions: steps.length ? steps.join('\n') : null,
    servings: parseServings(first('recipeYield', 'yield')),
    image_url: imageEl ?? null,
  };
}

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
  instructions: string[];
  total: string[];
  prep: string[];
  cook: string[];
  servings: string[];
  image: string[];
}

const PLUGIN_CONVENTIONS: PluginConvention[] = [
  { // WP Recipe Maker
    card: '.wprm-recipe-container, .wprm-recipe',
    title: ['.wprm-recipe-name'],
    ingredients: ['li.wprm-recipe-ingredient', '.wprm-recipe-ingredient'],
    instructions: ['.wprm-recipe-instruction-text', 'li.wprm-recipe-instruction'],
    total: ['.wprm-recipe-total_time'], prep: ['.wprm-recipe-prep_time'], cook: ['.wprm-recipe-cook_time'],
    servings: ['.wprm-recipe-servings'],
    image: ['.wprm-recipe-image img'],
  },
  { // Tasty Recipes
    card: '.tasty-recipes',
    title: ['.tasty-recipes-title'],
    ingredients: ['.tasty-recipes-ingredients li', '.tasty-recipe-ingredients li', '.tasty-recipes-ingredients-body p'],
    instructions: ['.tasty-recipes-instructions li', '.tasty-recipe-instructions li', '.tasty-recipes-instructions-body p'],
    total: ['.tasty-recipes-total-time'], prep: ['.tasty-recipes-prep-time'], cook: ['.tasty-recipes-cook-time'],
    servings: ['.tasty-recipes-yield'],
    image: ['.tasty-recipes-image img'],
  },
  { // Mediavine Create
    card: '.mv-create-card, .mv-create-wrapper',
    title: ['.mv-create-title-primary', '.mv-create-title'],
    ingredients: ['.mv-create-ingredients li'],
    instructions: ['.mv-create-instructions li', '.mv-create-instructions p'],
    total: ['.mv-create-time-total .mv-create-time-format'], prep: ['.mv-create-time-prep .mv-create-time-format'],
    cook: ['.mv-create-time-active .mv-create-time-format'],
    servings: ['.mv-create-time-yield .mv-create-time-format', '.mv-create-yield'],
    image: ['img.mv-create-image', '.mv-create-image img'],
  },
  { // EasyRecipe
    card: '.easyrecipe',
    title: ['.ERSName'],
    ingredients: ['.ERSIngredients li'],
    instructions: ['.ERSInstructions li'],
    total: ['.ERSTime time[itemprop="totalTime"]', '.ERSTimeItem .ERSTotalTime'], prep: [], cook: [],
    servings: ['.ERSServes', '.ERSServes + *'],
    image: ['.ERSImage img', '.easyrecipe img'],
  },
  { // WP Ultimate Recipe
    card: '.wpurp-container',
    title: ['.wpurp-recipe-title'],
    ingredients: ['li.wpurp-recipe-ingredient'],
    instructions: ['.wpurp-recipe-instruction-text'],
    total: [], prep: ['.wpurp-recipe-prep-time'], cook: ['.wpurp-recipe-cook-time'],
    servings: ['.wpurp-recipe-servings'],
    image: ['.wpurp-recipe-image img'],
  },
  { // Zip Recipes
    card: '#zlrecipe-container, .zlrecipe-container-border',
    title: ['#zlrecipe-title'],
    ingredients: ['#zlrecipe-ingredients-list li'],
    instructions: ['#zlrecipe-instructions-list li'],
    total: ['#zlrecipe-total-time'], prep: ['#zlrecipe-prep-time'], cook: ['#zlrecipe-cook-time'],
    servings: ['#zlrecipe-yield', '#zlrecipe-serving-size'],
    image: ['#zlrecipe-image img', '.zlrecipe-image img'],
  },
  { // Cooked
    card: '.cooked-recipe',
    title: ['.cooked-recipe-name'],
    ingredients: ['.cooked-single-ingredient.cooked-ingredient'],
    instructions: ['.cooked-single-direction .cooked-dir-content', '.cooked-single-direction'],
    total: ['.cooked-total-time .cooked-time'], prep: ['.cooked-prep-time .cooked-time'], cook: ['.cooked-cook-time .cooked-time'],
    servings: ['.cooked-servings'],
    image: ['.cooked-recipe-image img'],
  },
];

/** The source URL of an `<img>`, preferring lazy-loading attributes over a placeholder `src`. */
function imgSource($: CheerioAPI, img: Element): string | undefined {
  const $img = $(img);
  return [$img.attr('data-lazy-src'), $img.attr('data-src'), $img.attr('data-pin-media'), $img.attr('src')]
    .find((src) => src && !src.startsWith('data:'));
}

function fromPluginMarkup($: CheerioAPI): Partial | null {
  for (const conv of PLUGIN_CONVENTIONS) {
    const found = conv.ingredients.map((sel) => $(sel).toArray() as Element[]).find((els) => els.length > 0);
    if (!found) continue;
    // Several cards on one page (a round-up): take the one with the most ingredients.
    const byCard = new Map<Element | null, Element[]>();
    for (const el of found) {
      if (inExcludedArea(el)) continue;
      const card = ($(el).closest(conv.card)[0] as Element | undefined) ?? null;
      byCard.set(card, [...(byCard.get(card) ?? []), el]);
    }
    const [card, items] = [...byCard.entries()].reduce((a, b) => (b[1].length > a[1].length ? b : a), [null, []] as [Element | null, Element[]]);
    if (items.length === 0) continue;
    const within = (sel: string) => (card ? $(card).find(sel) : $(sel)).toArray() as Element[];
    const firstOf = (sels: string[]) => sels.map(within).find((els) => els.length > 0) ?? [];
    const textOf = (sels: string[]) => firstOf(sels).map((el) => visibleText(el)).join(' ').trim();
    const lineOf = (el: Element) => collapse(linesOf(el).map((l) => l.text).join(' ')).replace(BULLET, '');
    const ingredients = items.map(lineOf).filter(Boolean);
    const steps = firstOf(conv.instructions).map(lineOf).filter(Boolean);
    const total = textOf(conv.total);
    const prep = textOf(conv.prep);
    const cook = textOf(conv.cook);
    const image = firstOf(conv.image).map((img) => imgSource($, img)).find(Boolean);
    return {
      source: 'plugin',
      title: textOf(conv.title) || null,
      ingredients: dropGroupTitles(ingredients),
      time_minutes: timeOf(total, prep, cook),
      instructions: steps.length ? steps.join('\n') : null,
      servings: parseServings(textOf(conv.servings)),
      image_url: image ?? null,
    };
  }
  return null;
}

// ------------------------------------------------------------------ heuristic fallback

const INGREDIENT_WORDS = [
  'ingredients?', 'ingredientes', 'ingrediente', 'zutaten\\w*', 'ingr[ée]dients?', 'ingredienti', 'sk[łl]adniki', 'ingredi[ëe]nten',
  'ingredienser', 'ainekset', 'hozz[áa]val[óo]k', 'sastojci', 'suroviny', 'ingrediencie', 'malzemeler', 'what you(?:\'|’)?ll need',
  'you will need', 'shopping list',
];
const INSTRUCTION_WORDS = [
  'instructions?', 'directions?', 'method', 'preparation', 'steps?', 'how to make(?: it)?', 'pr[ée]paration', '[ée]tapes',
  'zubereitung\\w*', 'anleitung', 'preparazione', 'procedimento', 'preparaci[óo]n', 'elaboraci[óo]n', 'instrucciones', 'pasos',
  'modo de prepar(?:o|a[çc][ãa]o)', 'preparo', 'prepara[çc][ãa]o', 'przygotowanie', 'spos[óo]b przygotowania', 'wykonanie',
  'bereiding', 'bereidingswijze', 'werkwijze', 'fremgangsm[åa]de', 'valmistus', 'elk[ée]sz[íi]t[ée]s', 'postup', 'hazırlanışı',
];
const headingRe = (words: string[]) => new RegExp(`^(?:the\\s+|les\\s+|die\\s+)?(?:${words.join('|')})\\b[^.!?]{0,70}$`, 'i');
const INGREDIENT_HEADING = headingRe(INGREDIENT_WORDS);
const INSTRUCTION_HEADING = headingRe(INSTRUCTION_WORDS);

function headingLevel(el: Element): number {
  const m = /^h([1-6])$/i.exec(el.name);
  return m ? Number(m[1]) : 7;
}

const EXCLUDED_TAGS = new Set(['nav', 'footer', 'script', 'style', 'noscript', 'a', 'button', 'select', 'template']);

/** Inside navigation, a footer, a link or a table of contents: words there are not section titles. */
function inExcludedArea(node: AnyNode): boolean {
  for (let p: AnyNode | null = node; p; p = p.parent) {
    if (p.type !== 'tag') continue;
    const el = p as Element;
    if (EXCLUDED_TAGS.has(el.name.toLowerCase())) return true;
    const attrs = el.attribs ?? {};
    if (attrs.role === 'navigation') return true;
    if (attrs.class && /(?:^|\s)toc(?:\s|$)|table-of-contents/i.test(attrs.class)) return true;
  }
  return false;
}

/** Every non-empty text node of the page, in document order, outside scripts and styles. */
function textNodes($: CheerioAPI): Array<{ node: AnyNode; text: string }> {
  const out: Array<{ node: AnyNode; text: string }> = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') {
      const text = collapse((n as unknown as { data: string }).data);
      if (text) out.push({ node: n, text });
      return;
    }
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    if (n.type === 'tag' && SKIP_TAGS.has(el.name.toLowerCase())) return;
    for (const c of el.children ?? []) walk(c);
  };
  walk($.root()[0]!);
  return out;
}

/**
 * Elements whose whole text is a section title such as "Ingredients" or "Zubereitung:". Found
 * from text nodes (linear in the page size), then widened to the outermost element that still
 * holds nothing but that title, so its following siblings are the section body.
 */
function sectionHeadings($: CheerioAPI, texts: Array<{ node: AnyNode; text: string }>, re: RegExp): Element[] {
  const found: Element[] = [];
  for (const { node, text } of texts) {
    const title = text.replace(/[:：]$/, '').trim();
    if (title.length > 80 || !re.test(title)) continue;
    let el = node.parent as Element | null;
    if (!el || el.type !== 'tag' || inExcludedArea(el)) continue;
    while (el.parent && el.parent.type === 'tag' && collapse($(el.parent).text()).replace(/[:：]$/, '').trim() === title) el = el.parent as Element;
    if (collapse($(el).text()).replace(/[:：]$/, '').trim() !== title) continue;
    found.push(el);
  }
  return found;
}

/** Lines of the content that follows a heading, up to the next heading of the same or higher rank. */
function sectionLines($: CheerioAPI, heading: Element, stop: RegExp, preferItems: boolean): Line[] {
  const level = headingLevel(heading);
  let anchor: Element = heading;
  for (let climb = 0; climb < 4; climb++) {
    const nodes: AnyNode[] = [];
    for (let sib = anchor.nextSibling; sib; sib = sib.nextSibling) {
      if (sib.type === 'tag') {
        const el = sib as Element;
        if (/^h[1-6]$/i.test(el.name) && headingLevel(el) <= level) break;
        const text = collapse($(el).text()).replace(/[:：]$/, '');
        if (text.length <= 50 && stop.test(text)) break;
        // A later block that holds the next section's title ends this section.
        const inner = $(el).find('h1,h2,h3,h4,h5,h6').toArray() as Element[];
        if (inner.some((h) => headingLevel(h) <= level || stop.test(collapse($(h).text()).replace(/[:：]$/, '')))) {
          nodes.push(...leadingPart($, el, stop, level));
          break;
        }
      }
      nodes.push(sib);
    }
    const lines = itemsIn($, nodes, preferItems);
    if (lines.length > 0) return lines;
    if (!anchor.parent || anchor.parent.type !== 'tag' || (anchor.parent as Element).name === 'body') break;
    anchor = anchor.parent as Element;
  }
  return [];
}

/** The children of a block that come before the first heading that would end the section. */
function leadingPart($: CheerioAPI, el: Element, stop: RegExp, level: number): AnyNode[] {
  const out: AnyNode[] = [];
  for (const c of el.children) {
    if (c.type === 'tag') {
      const ce = c as Element;
      const isEnd = (h: Element) => headingLevel(h) <= level || stop.test(collapse($(h).text()).replace(/[:：]$/, ''));
      if (/^h[1-6]$/i.test(ce.name) && isEnd(ce)) break;
      if (($(ce).find('h1,h2,h3,h4,h5,h6').toArray() as Element[]).some(isEnd)) {
        out.push(...leadingPart($, ce, stop, level));
        break;
      }
    }
    out.push(c);
  }
  return out;
}

/** List items if there are any, else lines at block boundaries and `<br>`. */
function itemsIn($: CheerioAPI, nodes: AnyNode[], preferItems: boolean): Line[] {
  if (preferItems) {
    const lis = $(nodes).find('li').addBack('li').filter((_, li) => $(li).find('li').length === 0).toArray();
    if (lis.length) {
      return lis.map((li) => {
        const parts = linesOf(li);
        return { text: collapse(parts.map((x) => x.text).join(' ')), emphasised: parts.every((x) => x.emphasised) };
      }).filter((l) => l.text);
    }
  }
  return nodes.flatMap((n) => linesOf(n));
}

/** Outermost elements whose class or id names the section ("recipe-ingredients", "instructions"...). */
function classContainers($: CheerioAPI, re: RegExp): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode) => {
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    if (n.type === 'tag') {
      const attrs = el.attribs ?? {};
      if (SKIP_TAGS.has(el.name.toLowerCase())) return;
      const page = ['html', 'body', 'main', 'article'].includes(el.name.toLowerCase());
      if (!page && re.test(`${attrs.class ?? ''} ${attrs.id ?? ''}`) && !inExcludedArea(el)) {
        out.push(el);
        return; // outermost only
      }
    }
    for (const c of el.children ?? []) walk(c);
  };
  walk($.root()[0]!);
  return out;
}

const QUANTITY = /^(?:[\d½¼¾⅓⅔⅛⅜⅝⅞]|an?\s|one\s|two\s|q\.?b\.?|un[ea]?\s|ein[e]?\s|une?\s)|\d\s*(?:g|kg|mg|ml|cl|dl|l|oz|lbs?|cups?|tbsps?|tsps?|tablespoons?|teaspoons?|ounces?|pounds?|grams?|grammes?|gramas?|grammi|cuill[eè]res?|c\.?\s?à\s?[sc]|el|tl|stk|st[üu]ck|prisen?|pinch(?:es)?|cloves?|dentes?|colheres?|x[íi]caras?|łyżk\w*|łyżecz\w*|szklank\w*|sachets?|cans?|packages?|sticks?|slices?)\b/i;

/** How much a list of lines looks like an ingredient list: many short lines with quantities. */
function ingredientScore(lines: Line[]): number {
  let score = 0;
  for (const l of lines) {
    const t = l.text;
    if (t.length > 200 || /[.!?]\s+\p{Lu}/u.test(t)) score -= 0.5;
    else if (QUANTITY.test(t)) score += 1;
    else if (t.length <= 80) score += 0.3;
  }
  return lines.length > 80 ? score / 4 : score;
}

/** How much a list of lines looks like method steps: sentences, not menus or single words. */
function instructionScore(lines: Line[]): number {
  let score = 0;
  for (const l of lines) {
    const words = l.text.split(/\s+/).length;
    score += words >= 4 ? Math.min(words, 80) : -2;
  }
  return score;
}

const BULLET = /^[\s▢☐□■◻◽•·∙◦‣⁃○●✓✔✗*\-–—]+(?=\S)/u;

const LABELS = {
  total: /^(?:total(?:\s+time)?|ready in|temps total|durée totale|gesamtzeit|gesamt|tiempo total|tempo total|tempo totale|czas(?: całkowity| przygotowania)?|totale tijd|total tid)$/i,
  prep: /^(?:prep(?:aration)?(?:\s+time)?|temps de préparation|préparation|vorbereitung|zubereitungszeit|arbeitszeit|tiempo de preparación|preparación|tempo de preparo|tempo di preparazione|preparazione|przygotowanie|voorbereiding)$/i,
  cook: /^(?:cook(?:ing)?(?:\s+time)?|bake(?:\s+time)?|temps de cuisson|cuisson|kochzeit|backzeit|garzeit|tiempo de cocción|cocción|tempo de cozimento|cozimento|tempo di cottura|cottura|gotowanie|pieczenie|kooktijd|baktijd)$/i,
  servings: /^(?:yields?|servings?|serves|makes|portions?|personnes?|pour|portionen|personen|porciones|raciones|comensales|porzioni|persone|por[çc][õo]es|rendimento|rende|porcje|porcji|liczba porcji|ilość porcji)$/i,
};

/**
 * The short text that follows a label element: its next sibling, or the rest of its parent's
 * text, looking up a few levels while the ancestors hold nothing but the label.
 */
function valueNextTo($: CheerioAPI, labelEl: Element, labelText: string): string {
  let cur: Element = labelEl;
  for (let depth = 0; depth < 4; depth++) {
    const text = collapse($(cur).text());
    if (text !== labelText) {
      const rest = text.startsWith(labelText) ? text.slice(labelText.length).replace(/^\s*[:：]\s*/, '') : '';
      return rest.length <= 40 ? rest : '';
    }
    const next = collapse($(cur).next().text());
    if (next) return next.length <= 40 ? next : '';
    if (!cur.parent || cur.parent.type !== 'tag') return '';
    cur = cur.parent as Element;
  }
  return '';
}

/** Values next to labels like "Total Time: 27 minutes" or "<span>Personnes</span><span>6</span>". */
function labelledValues($: CheerioAPI, texts: Array<{ node: AnyNode; text: string }>): { total?: string; prep?: string; cook?: string; servings?: string } {
  const out: { total?: string; prep?: string; cook?: string; servings?: string } = {};
  for (const { node, text } of texts) {
    if (text.length > 60) continue;
    const m = /^([^:：\d]{2,30})[:：]?\s*(.*)$/.exec(text);
    if (!m) continue;
    const label = m[1]!.trim();
    const kind = (Object.keys(LABELS) as Array<keyof typeof LABELS>).find((k) => LABELS[k].test(label));
    if (!kind || out[kind]) continue;
    let value = m[2]!.trim();
    const el = node.parent as Element | null;
    if (!value && el && el.type === 'tag') value = valueNextTo($, el, text);
    if (!value || !/\d/.test(value)) continue;
    out[kind] = value;
  }
  if (!out.servings) {
    // "<span>6</span> Servings", "4 porções": the number comes first.
    for (const { node, text } of texts) {
      if (!SERVING_UNIT.test(text.replace(/^[\d\s–-]+/, '')) || text.length > 40) continue;
      const el = node.parent as Element | null;
      const around = el && el.type === 'tag' ? collapse($(el).text()) : text;
      const candidate = [text, around].find((t) => /^\d/.test(t) && t.length <= 40 && SERVING_UNIT.test(t.replace(/^[\d\s–-]+(?:(?:to|a|à|bis)\s+\d+\s*)?/i, '')));
      if (candidate) { out.servings = candidate; break; }
    }
  }
  return out;
}

const SERVING_UNIT = /^(?:servings?|serves|portions?|porções|porçoes|porciones|raciones|personas|persone|personnes|portionen|personen|porcje|porcji|people|persons)\b/i;

interface Candidate {
  anchor: Element;
  lines: Line[];
}

/** Position of every element in document order, to tell which block follows which. */
function documentOrder($: CheerioAPI): Map<AnyNode, number> {
  const order = new Map<AnyNode, number>();
  $('*').each((i, el) => { order.set(el, i); });
  return order;
}

function fromHtml($: CheerioAPI): Partial {
  const texts = textNodes($);
  const order = documentOrder($);
  const best = (candidates: Candidate[], score: (l: Line[]) => number): Candidate | undefined => {
    let chosen: Candidate | undefined;
    let top = 0;
    for (const c of candidates) {
      const sc = score(c.lines);
      // ">=" so that, on a tie, the later block wins: recipe cards usually follow the article.
      if (sc > 0 && sc >= top) { top = sc; chosen = c; }
    }
    return chosen;
  };
  const clean = (lines: Line[], heading: RegExp) => lines
    .map((l) => ({ ...l, text: l.text.replace(BULLET, '') }))
    .filter((l) => l.text && !heading.test(l.text.replace(/[:：]$/, '')));

  const ingredientCandidates: Candidate[] = [
    ...sectionHeadings($, texts, INGREDIENT_HEADING).map((h) => ({ anchor: h, lines: sectionLines($, h, INSTRUCTION_HEADING, true) })),
    ...classContainers($, /ingredient|zutaten|ingr[ée]dient/i).map((el) => ({ anchor: el, lines: itemsIn($, [el], true) })),
  ].map((c) => ({ ...c, lines: clean(c.lines, INGREDIENT_HEADING).filter((l) => !(l.emphasised && !/\d/.test(l.text))) }));
  const ingredients = best(ingredientCandidates, ingredientScore);

  const notSteps = /^(?:notes?|tips?|nutrition|video|comments?|reviews?|equipment)\b/i;
  const stepCandidates: Candidate[] = [
    ...sectionHeadings($, texts, INSTRUCTION_HEADING).map((h) => ({ anchor: h, lines: sectionLines($, h, notSteps, true) })),
    ...classContainers($, /instruction|direction|preparation|recipe-?method|recipe-?steps|zubereitung|preparazione|preparaci[oó]n|modo-?de-?preparo/i)
      .map((el) => ({ anchor: el, lines: itemsIn($, [el], true) })),
  ].map((c) => ({ ...c, lines: clean(c.lines, INSTRUCTION_HEADING) }));
  // The method that belongs to the ingredient list is the first one after it; an article's
  // long "how to make it" prose before the recipe card must not win on length alone.
  const start = ingredients ? order.get(ingredients.anchor) ?? -1 : -1;
  const after = stepCandidates
    .filter((c) => (order.get(c.anchor) ?? -1) > start && instructionScore(c.lines) > 0)
    .sort((a, b) => (order.get(a.anchor) ?? 0) - (order.get(b.anchor) ?? 0));
  const steps = ingredients && after.length ? after[0] : best(stepCandidates, instructionScore);
  const ingredientLines = (ingredients?.lines ?? []).slice(0, 80).map((l) => l.text);
  const stepLines = (steps?.lines ?? []).slice(0, 80).map((l) => l.text);

  const labels = labelledValues($, texts);
  const h1 = $('h1').toArray().map((h) => collapse($(h).text())).find(Boolean);
  const total = labels.total ? parseHumanDuration(labels.total) : null;
  const parts = (labels.prep ? parseHumanDuration(labels.prep) ?? 0 : 0) + (labels.cook ? parseHumanDuration(labels.cook) ?? 0 : 0);
  return {
    source: 'html',
    title: h1 ?? null,
    ingredients: dropGroupTitles(ingredientLines),
    time_minutes: total ?? (parts > 0 ? parts : null),
    instructions: stepLines.length ? stepLines.join('\n') : null,
    servings: labels.servings ? parseServings(labels.servings) : null,
  };
}

// ------------------------------------------------------------------ page-level fallbacks

function metaContent($: CheerioAPI, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = $(`meta[property="${k}"], meta[name="${k}"]`).first().attr('content')?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The page's main image: Open Graph first (what sharing and most readers use), then Twitter, then `image_src`. */
function pageImage($: CheerioAPI): string | undefined {
  return metaContent($, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? $('link[rel~="image_src"]').attr('href') ?? undefined;
}

function firstContentImage($: CheerioAPI): string | undefined {
  const h1 = $('h1').first();
  // Images after the main heading (its siblings or inside them, then further down its parent's siblings).
  const after = h1.nextAll().add(h1.parent().nextAll());
  const imgs = (h1.length ? after.filter('img').add(after.find('img')) : $('main img, article img, img')).toArray();
  for (const img of imgs) {
    const $img = $(img);
    const src = [$img.attr('data-src'), $img.attr('data-lazy-src'), $img.attr('src')].find((s) => s && !s.startsWith('data:') && !/\.(svg|gif)(\?|$)/i.test(s));
    if (src) return src;
  }
  return undefined;
}

/** Extracts the recipe from a page, or null when the page does not hold one. */
export function extractRecipe(html: string, pageUrl: string): ExtractedRecipe | null {
  const $ = cheerio.load(html);
  const fields = ['title', 'time_minutes', 'instructions', 'servings', 'image_url'] as const;
  const has = (p: Partial, key: keyof Partial) => p[key] !== null && p[key] !== undefined && p[key] !== '';
  // Sources run lazily, best first; the page heuristic only when structured data left gaps.
  const sources: Partial[] = [];
  for (const source of [fromJsonLd, fromMicrodata, fromPluginMarkup, fromHtml]) {
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
  const pick = <K extends keyof Partial>(key: K): Partial[K] | undefined => ordered.find((p) => has(p, key))?.[key];
  const base = baseUrlOf($, pageUrl);
  const title = pick('title') || collapse(metaContent($, 'og:title') ?? '') || collapse($('title').first().text()) || 'Untitled recipe';
  const image = resolveUrl(pageImage($), base) ?? resolveUrl(pick('image_url'), base) ?? resolveUrl(firstContentImage($), base);
  return {
    title,
    ingredients: primary.ingredients ?? [],
    time_minutes: pick('time_minutes') ?? null,
    instructions: pick('instructions') ?? null,
    servings: pick('servings') ?? null,
    image_url: image,
  };
}

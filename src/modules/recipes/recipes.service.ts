/** The rules of the catalog: who may change what, optimistic concurrency, pagination. */
import type { Database, RecipeRow } from '../../db/tables.js';
import { AppError, BadRequest, Forbidden, NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import { parseEntityTagList } from '../../lib/entity-tags.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import { ByteLru, stringBytes } from '../../lib/byte-lru.js';
import type { WriteBatch } from '../../db/write-batch.js';
import { isHttpUrl } from '../../lib/http-url.js';
import { refusedCharIn, withoutRefusedChars } from '../../lib/text-chars.js';
import type { ScrapedRecipe } from '../scrape/scrape.service.js';
import type { Clock } from '../../lib/clock.js';
import type { Db, Dialect } from '../../lib/db.js';
import { recipesRepository, RecipesRepositoryState, type RecipeFilters } from './recipes.repository.js';
import type { ListVersion } from './list-version.js';
import type { SearchIndex } from './search-index.js';
import { IngredientGroupInput, RecipeCreate, type Recipe, type RecipeUpdate } from './recipes.schemas.js';
import { normaliseTags, parseTagsColumn, tagsFromPage } from '../tags/tags.normalise.js';
import { tagsRepository } from '../tags/tags.repository.js';
import { MAX_FACTOR, MIN_FACTOR, scaleFactor } from '../ingredients/scale.js';
import { viewLine } from '../ingredients/scaled-line.js';
import type { UnitSystemTarget } from '../ingredients/convert.js';
import { RecipeJsonCache, type RecipeKey } from './recipe-json-cache.js';
import { recipeJson, recipeJsonWithLines, recipeListJson, recipeSummaryJson, recipeViewJson, type SummaryRow } from './recipe-json.js';
import { groupItems, ingredientLinesOf, MAX_INGREDIENTS_LENGTH, PARSER_VERSION, splitIngredients, withCarriedGroups, type IngredientGroup } from './ingredient-lines.js';
import { IngredientWork, VIEW_COST_PER_CHAR } from './ingredient-work.js';

/** 400 for a write with more ingredient lines than RECIPE_MAX_LINES allows. */
function tooManyLines(field: string, count: number, maxLines: number): AppError {
  const message = `has ${count} ingredient lines; a recipe may have at most ${maxLines} (RECIPE_MAX_LINES)`;
  return new AppError(400, 'VALIDATION_FAILED', `Invalid request: body.${field} ${message}`, { details: [{ path: `body.${field}`, message }] });
}

/**
 * The ingredient columns of a write: `ingredients` as given, or the flat join of
 * `ingredient_groups`, with their parse (migration 006), made by `work` for user `key` (in a
 * worker when the text is long). Undefined when neither is given.
 * A recipe has at most `maxLines` lines (RECIPE_MAX_LINES): every line's parse is stored and
 * sent with the recipe, several hundred bytes each, so a cap on characters alone lets 10,000
 * characters become 5,000 lines and most of a megabyte per recipe in every listing. Above it
 * the write is refused with 400 before anything is parsed; `lenient` (imports) keeps the first
 * `maxLines` lines instead.
 */
async function ingredientColumns(work: IngredientWork, key: string, input: { ingredients?: string; ingredient_groups?: readonly IngredientGroup[] }, maxLines: number, lenient = false) {
  if (input.ingredients !== undefined && input.ingredient_groups !== undefined) throw BadRequest('Give either ingredients or ingredient_groups, not both');
  if (input.ingredient_groups !== undefined) {
    let { ingredients, items } = groupItems(input.ingredient_groups, lenient);
    if (items.length > maxLines) {
      if (!lenient) throw tooManyLines('ingredient_groups', items.length, maxLines);
      items = items.slice(0, maxLines);
      ingredients = items.map((i) => i.text).join('\n');
    }
    return { ingredients, ...await work.run('columnsOfItems', [items], ingredients.length, key) };
  }
  if (input.ingredients !== undefined) {
    let text = input.ingredients;
    const lines = splitIngredients(text);
    if (lines.length > maxLines) {
      if (!lenient) throw tooManyLines('ingredients', lines.length, maxLines);
      text = lines.slice(0, maxLines).join('\n');
    }
    return { ingredients: text, ...await work.run('columnsOfText', [text], text.length, key) };
  }
  return undefined;
}

/** The text fields of a write that may span lines (line breaks and tabs allowed), src/lib/text-chars.ts. */
const MULTILINE_FIELDS = new Set(['ingredients', 'instructions']);

/** The part of a row the ingredient tasks need (a row is not sent to a worker whole). */
const storedIngredients = (row: RecipeRow) => ({ ingredients: row.ingredients, ingredient_lines: row.ingredient_lines, parser_version: row.parser_version });

/**
 * Refuses, with 400 naming the field, a recipe text field holding a character no stored text may
 * hold (src/lib/text-chars.ts): NUL (PostgreSQL cannot store it, and it cuts SQLite's full-text
 * tokens short), other control characters (line breaks and tabs are fine in ingredients and
 * instructions), bidirectional controls and lone surrogates. Tags have their own rules.
 */
function refuseBadChars(fields: RecipeCreate | RecipeUpdate): void {
  const issues: { path: string; char: string }[] = [];
  const check = (path: string, value: string | null | undefined, multiline: boolean) => {
    const bad = typeof value === 'string' ? refusedCharIn(value, multiline) : undefined;
    if (bad) issues.push({ path, char: bad.name });
  };
  for (const key of ['title', 'ingredients', 'instructions', 'source_url', 'image_url'] as const) check(`body.${key}`, fields[key], MULTILINE_FIELDS.has(key));
  fields.ingredient_groups?.forEach((g, i) => {
    check(`body.ingredient_groups.${i}.name`, g.name, false);
    g.ingredients.forEach((line, j) => check(`body.ingredient_groups.${i}.ingredients.${j}`, line, true));
  });
  const first = issues[0];
  if (first) {
    throw BadRequest(`Invalid request: ${first.path} must not contain ${first.char}`,
      issues.slice(0, 20).map((x) => ({ path: x.path, message: `must not contain ${x.char}` })));
  }
}

/** What a create allows, read from its schema, so an import is held to exactly the same limits. */
const maxLengthOf = (schema: unknown): number => {
  const s = schema as { maxLength?: number; anyOf?: { maxLength?: number }[] };
  const max = s.maxLength ?? s.anyOf?.find((x) => x.maxLength !== undefined)?.maxLength;
  if (max === undefined) throw new Error('schema without maxLength');
  return max;
};
export const IMPORT_LIMITS = {
  title: maxLengthOf(RecipeCreate.properties.title),
  groupName: maxLengthOf(IngredientGroupInput.properties.name),
  line: maxLengthOf(IngredientGroupInput.properties.ingredients.items),
  instructions: maxLengthOf(RecipeCreate.properties.instructions),
};

/**
 * `text` cut to at most `max` characters, ending in "…" when it was cut (never inside a
 * surrogate pair), so the cut shows. Schemas count characters as code points, and a cut by
 * UTF-16 units never holds more code points than units.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

export function etagOf(row: Pick<RecipeRow, 'id' | 'version'>): string {
  return `"${row.id}-${row.version}"`;
}

/**
 * True when an If-Match header (a list of ETags, or *) matches the row's current version. The
 * ETag of a scaled or converted view (`"12-3;factor=2;units=metric"`, see recipeView) names the
 * same stored version, so it is accepted too: a client that read the scaled view and edits the
 * recipe is protected against the same lost update as one that read the stored form.
 */
function ifMatchAllowsRow(ifMatch: string, row: RecipeRow): boolean {
  const tags = parseEntityTagList(ifMatch);
  if (tags === null) throw BadRequest('If-Match must be * or a comma-separated list of entity tags such as "12-3"');
  if (tags === '*') return true;
  const current = etagOf(row);
  // Strong comparison: a weak tag never matches. A view's tag names its stored version before the
  // ';', and counts only when the rest is a view as recipeView issues it.
  return tags.some((t) => {
    if (t.weak) return false;
    const semi = t.opaque.indexOf(';');
    if (semi < 0) return t.opaque === current;
    return `${t.opaque.slice(0, semi)}"` === current && isIssuedView(t.opaque.slice(semi, -1));
  });
}

/** The part of a view's ETag after the stored version: `;factor=2` or `;factor=0.5;units=metric`. */
function viewSuffix(factor: number, units: UnitSystemTarget | undefined): string {
  return `;factor=${Number(factor.toPrecision(6))}${units ? `;units=${units}` : ''}`;
}

/** Whether `suffix` is exactly one viewSuffix gives: a factor in range, written as it writes it, and a known unit system, nothing else. */
function isIssuedView(suffix: string): boolean {
  const m = /^;factor=([0-9.e+-]{1,24})(?:;units=(metric|us))?$/.exec(suffix);
  if (!m) return false;
  const factor = Number(m[1]);
  return Number.isFinite(factor) && factor >= MIN_FACTOR && factor <= MAX_FACTOR
    && viewSuffix(factor, m[2] as UnitSystemTarget | undefined) === suffix;
}

export interface ViewQuery { servings?: number; factor?: number; units?: UnitSystemTarget }

/**
 * GET /recipes/{id} with ?servings=, ?factor= or ?units=: the recipe with every ingredient line
 * scaled and/or converted (quantities rounded as displayed, `display` rewritten, `original`
 * kept), `servings` the servings asked for (unchanged with a factor), and `scaling` saying what
 * was done. `ingredients` is the stored text, unchanged. Its ETag is the stored version's with
 * the view appended, so it differs from the stored form's while naming the same version.
 */
export function recipeView(row: RecipeRow, q: ViewQuery): { view?: RecipeViewSpec; etag: string } {
  // The stored form: no view; the route sends the stored recipe's JSON text (recipe-json.ts).
  if (q.servings === undefined && q.factor === undefined && q.units === undefined) return { etag: etagOf(row) };
  const scale = scaleFactor(q, row.servings);
  if ('error' in scale) throw BadRequest(scale.error);
  return {
    view: { factor: scale.factor, units: q.units, servings: q.servings ?? row.servings, scaling: { factor: Number(scale.factor.toPrecision(6)), original_servings: row.servings, units: q.units ?? null } },
    etag: `"${row.id}-${row.version}${viewSuffix(scale.factor, q.units)}"`,
  };
}

/** What a scaled and/or converted view is: the factor and units to apply, and the fields it changes. */
export interface RecipeViewSpec {
  factor: number;
  units: UnitSystemTarget | undefined;
  servings: number | null;
  scaling: NonNullable<Recipe['scaling']>;
}

/** The view's recipe as an object (the same as the JSON text the route sends; tests compare them). */
export function recipeViewObject(row: RecipeRow, view: RecipeViewSpec): Recipe {
  return {
    ...toRecipe(row),
    servings: view.servings,
    ingredient_lines: ingredientLinesOf(row).map((line) => viewLine(line, view.factor, view.units)),
    scaling: view.scaling,
  };
}

/**
 * True when an If-None-Match header (a list of ETags, or *) names the response's ETag. If-None-Match
 * uses the weak comparison (RFC 9110 13.1.2): `W/"12-3"` matches `"12-3"`.
 */
export function etagListMatches(header: string, currentEtag: string): boolean {
  const tags = parseEntityTagList(header);
  if (tags === null) return false;
  return tags === '*' || tags.some((t) => t.opaque === currentEtag);
}

export function toRecipe(row: RecipeRow): Recipe {
  return {
    id: row.id, title: row.title, ingredients: row.ingredients, time_minutes: row.time_minutes,
    instructions: row.instructions, servings: row.servings, source_url: row.source_url, image_url: row.image_url,
    owner_id: row.owner_id, created_at: row.created_at, updated_at: row.updated_at,
    tags: parseTagsColumn(row.tags),
    ingredient_lines: ingredientLinesOf(row).map((line) => ({ ...line, display: line.input })),
  };
}

/** A page of a listing, as the JSON text of RecipeList (recipe-json.ts), and the number of matches. */
type ListResult = { json: string; total: number };
export type TagCounts = { rows: { tag: string; recipes: number }[]; total: number };

/** What a cached answer may occupy (byte-lru.ts estimates: two bytes a character, plus fixed overheads). */
const listResultBytes = (r: ListResult) => stringBytes(r.json) + 16;
const tagCountsBytes = (r: TagCounts) => r.rows.reduce((n, row) => n + stringBytes(row.tag) + 48, 32);

/** Defaults of the limits in config.ts (LIST_CACHE_MB, RECIPE_MAX_LINES), for services built without it. */
export const DEFAULT_LIST_CACHE_BYTES = 64_000_000;
export const DEFAULT_MAX_LINES = 300;

/** A kept answer; `bytes` is its result's estimated size (each kind of answer knows how to measure its own). */
type CachedAnswer = { token: string; at: number; result: unknown; bytes: number };

/**
 * The answers listings keep, shared by every kind (GET /recipes, GET /tags) so one budget bounds
 * them all. Bounded by bytes, not by count: an answer's size is the size of what users stored
 * (100 recipes of thousands of lines each are tens of MB), so a fixed number of answers is no
 * bound at all. An answer over an eighth of the budget is never kept (src/lib/byte-lru.ts).
 */
export type ListAnswers = ByteLru<string, CachedAnswer>;
export function listAnswers(maxBytes: number): ListAnswers {
  return new ByteLru<string, CachedAnswer>(maxBytes, (e) => 64 + stringBytes(e.token) + e.bytes);
}

/**
 * Remembers recent list results together with the list version's token (list-version.ts) and
 * serves them only while no write to recipes has happened since, so an answer is never stale.
 * Requests that miss together for the same query and token share one database query. Without a
 * version source (PostgreSQL without Redis, where other instances write unseen) nothing is cached.
 */
class ListCache<R> {
  /**
   * Queries answered lately, without their answers: an answer is kept only for a query asked
   * again (admission on the second request, as TinyLFU's doorkeeper). A stream of distinct
   * searches then stores nothing, instead of filling the cache with pages that are evicted
   * unread (each one survives young-generation collections and is garbage for the old one).
   * Keys are short (a query's parameters, each bounded by the schema), so a count bounds them.
   */
  private readonly askedBefore = new BoundedMap<string, true>(512);
  /** Answers served from the cache, and answers stored in it. */
  readonly stats = { hits: 0, stored: 0 };
  private readonly loading = new Map<string, Promise<R>>();
  constructor(
    /** Distinguishes this kind's keys in the shared store. */
    private readonly kind: string,
    private readonly entries: ListAnswers,
    private readonly sizeOf: (result: R) => number,
    private readonly version: ListVersion | undefined, private readonly clock: Clock,
  ) {}

  async get(query: object, load: () => Promise<R>): Promise<R> {
    const version = this.version;
    const token = await version?.current();
    if (!version || token === undefined || this.entries.maxBytes === 0) return load();
    const key = `${this.kind}:${JSON.stringify(query)}`;
    const hit = this.entries.peek(key);
    if (hit && hit.token === token && this.clock() - hit.at <= version.maxAgeMs) {
      this.entries.get(key);
      this.stats.hits++;
      return hit.result as R;
    }
    const flightKey = `${token}|${key}`;
    let pending = this.loading.get(flightKey);
    if (!pending) {
      const at = this.clock();
      const admit = this.askedBefore.has(key);
      if (!admit) this.askedBefore.set(key, true);
      pending = load().then(async (result) => {
        // Only keep it if asked before, and nothing was written while the query ran; the store
        // refuses an answer too large to keep.
        if (admit && await version.current() === token) {
          if (this.entries.set(key, { token, at, result, bytes: this.sizeOf(result) })) this.stats.stored++;
        }
        return result;
      }).finally(() => this.loading.delete(flightKey));
      this.loading.set(flightKey, pending);
    }
    return pending;
  }
}

/** What RecipesService runs on; the recipes plugin (recipes.plugin.ts) builds it. */
export interface RecipesServiceDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  /** Lets list answers be cached exactly (list-version.ts); without it nothing is cached. */
  listVersion?: ListVersion;
  /** SQLite: indexes new recipes for search in batches (search-index.ts). */
  searchIndex?: Pick<SearchIndex, 'schedule'>;
  /** SQLite: new recipes written together share one commit (src/db/write-batch.ts). */
  writes?: Pick<WriteBatch<Database>, 'run'>;
  /** The recipes' JSON texts per stored version (recipe-json-cache.ts); by default none are kept. */
  jsonTexts?: RecipeJsonCache;
  /** What the repository keeps for this database (compiled inserts, summarised terms, the summary builder). */
  repositoryState?: RecipesRepositoryState;
  /** Runs the CPU-heavy ingredient work (ingredient-work.ts); by default all of it on the event loop. */
  work?: IngredientWork;
  /** Listing answers kept for repeated queries (LIST_CACHE_MB); by default a small store of its own. */
  answers?: ListAnswers;
  /** The most ingredient lines a recipe may be given (RECIPE_MAX_LINES). */
  maxLines?: number;
}

export class RecipesService {
  private readonly listCache: ListCache<ListResult>;
  /** GET /tags counts, cached exactly like listings (a tag change moves the same list version). */
  private readonly tagCache: ListCache<TagCounts>;
  private readonly db: Db;
  private readonly dialect: Dialect;
  private readonly clock: Clock;
  private readonly listVersion?: ListVersion;
  private readonly searchIndex?: Pick<SearchIndex, 'schedule'>;
  private readonly writes?: Pick<WriteBatch<Database>, 'run'>;
  private readonly jsonTexts: RecipeJsonCache;
  private readonly repositoryState: RecipesRepositoryState;
  private readonly work: IngredientWork;

  constructor(deps: RecipesServiceDeps) {
    this.db = deps.db;
    this.dialect = deps.dialect;
    this.clock = deps.clock;
    this.listVersion = deps.listVersion;
    this.searchIndex = deps.searchIndex;
    this.writes = deps.writes;
    this.jsonTexts = deps.jsonTexts ?? new RecipeJsonCache(0);
    this.repositoryState = deps.repositoryState ?? new RecipesRepositoryState();
    this.work = deps.work ?? new IngredientWork({ workers: 0, maxPerUser: 1, inlineMaxChars: Infinity });
    this.answers = deps.answers ?? listAnswers(DEFAULT_LIST_CACHE_BYTES);
    this.maxLines = deps.maxLines ?? DEFAULT_MAX_LINES;
    this.listCache = new ListCache('recipes', this.answers, listResultBytes, deps.listVersion, deps.clock);
    this.tagCache = new ListCache('tags', this.answers, tagCountsBytes, deps.listVersion, deps.clock);
  }

  /** The listing answers kept (for /metrics). */
  readonly answers: ListAnswers;
  /** The most ingredient lines a recipe may be given (RECIPE_MAX_LINES). */
  readonly maxLines: number;

  async create(ownerId: number, input: RecipeCreate, lenient = false): Promise<RecipeRow> {
    const now = new Date(this.clock()).toISOString();
    const tags = input.tags ? normaliseTags(input.tags) : [];
    refuseBadChars(input);
    const parsed = await ingredientColumns(this.work, String(ownerId), input, this.maxLines, lenient);
    if (!parsed) {
      throw new AppError(400, 'VALIDATION_FAILED', "Invalid request: body must have required property 'ingredients' (or 'ingredient_groups')",
        { details: [{ path: 'body.ingredients', message: "must have required property 'ingredients'" }] });
    }
    const newRow = {
      title: input.title, ...parsed, time_minutes: input.time_minutes ?? null,
      instructions: input.instructions ?? null, servings: input.servings ?? null,
      source_url: input.source_url ?? null, image_url: input.image_url ?? null,
      owner_id: ownerId, created_at: now, updated_at: now, tags: JSON.stringify(tags),
    };
    // The row and its tags are written together (in one transaction, or one savepoint of a batch).
    const insert = async (db: Db) => {
      const inserted = await recipesRepository.insert(db, newRow, this.repositoryState);
      if (tags.length > 0) await tagsRepository.replace(db, inserted.id, tags);
      return inserted;
    };
    // SQLite: in the next group commit. Otherwise without tags one autocommit insert, with tags one transaction.
    const row = this.writes ? await this.writes.run(insert)
      : tags.length === 0 ? await insert(this.db) : await this.db.transaction().execute(insert);
    this.searchIndex?.schedule();
    await this.listVersion?.written();
    return row;
  }

  /**
   * Saves a recipe read from a web page or sent text, fitting its values to the limits a create
   * has (IMPORT_LIMITS): a value longer than its limit is cut, ends in "…", and its field is
   * added to `truncated` (the route lists them in X-Import-Truncated); characters no stored text
   * may hold (src/lib/text-chars.ts: NUL, controls, bidirectional controls, lone surrogates) are
   * dropped from every field, group headings included. The saved recipe is then one that a PUT
   * of its own fields accepts. The page's tags (recipeCategory, recipeCuisine, keywords) are
   * kept, and its ingredient groups when it has headings (test/api/recipes-import-hook.test.ts).
   * Of a page with more than RECIPE_MAX_LINES ingredient lines (or more than 10,000 characters of
   * them) the first ones are kept; `ingredientLinesDropped` says how many were left out (the
   * route sends it as a header).
   */
  async createFromScraped(ownerId: number, scraped: ScrapedRecipe, truncated = new Set<string>()): Promise<RecipeRow & { ingredientLinesDropped: number }> {
    const fitted = (field: string, text: string, max: number) => {
      const cut = fitText(text, max);
      if (cut !== text) truncated.add(field);
      return cut;
    };
    // One line of text: whitespace runs (line breaks and tabs too) become one space.
    const oneLine = (text: string) => withoutRefusedChars(text.replace(/\s+/g, ' ')).trim();
    const lineOf = (text: string) => fitted('ingredients', oneLine(text), IMPORT_LIMITS.line);
    const ingredients: string[] = [];
    let length = 0;
    for (const line of scraped.ingredients.map(lineOf).filter(Boolean)) {
      if (length + line.length + 1 > MAX_INGREDIENTS_LENGTH) {
        truncated.add('ingredients');
        break;
      }
      ingredients.push(line);
      length += line.length + 1;
    }
    const title = scraped.title && fitted('title', oneLine(scraped.title), IMPORT_LIMITS.title);
    // The page's groups, when the extractor found headings.
    const groups = scraped.ingredient_groups
      .map((g) => {
        const name = g.name === null ? null : oneLine(g.name);
        return { name: name ? fitted('ingredient_groups', name, IMPORT_LIMITS.groupName) : null, ingredients: g.ingredients.map(lineOf).filter(Boolean) };
      })
      .filter((g) => g.ingredients.length > 0);
    // Only whether any line is left (the parse itself is create's, in a worker when long).
    const grouped = groups.some((g) => g.name) ? groupItems(groups, true) : undefined;
    if (!title || ingredients.length === 0) throw Unprocessable('No recipe found on the page');
    // groupItems leaves out the lines beyond the 10,000 characters of ingredients.
    if (grouped && grouped.items.length < groups.reduce((n, g) => n + g.ingredients.length, 0)) truncated.add('ingredients');
    const instructions = scraped.instructions && withoutRefusedChars(scraped.instructions, true).trim();
    const httpUrl = (u: string | null | undefined) => (u && isHttpUrl(u) && !refusedCharIn(u) ? u : null);
    const row = await this.create(ownerId, {
      title,
      ...(grouped && grouped.items.length > 0 ? { ingredient_groups: groups } : { ingredients: ingredients.join('\n') }),
      // A page without a time is saved with an unknown time (null), a longer one is capped at a week.
      time_minutes: scraped.time_minutes === null || scraped.time_minutes === undefined || !Number.isFinite(scraped.time_minutes)
        ? null : Math.min(Math.max(0, Math.round(scraped.time_minutes)), 10_080),
      instructions: (instructions && fitted('instructions', instructions, IMPORT_LIMITS.instructions)) || null,
      servings: scraped.servings && scraped.servings >= 1 && scraped.servings <= 10_000 ? Math.round(scraped.servings) : null,
      source_url: httpUrl(scraped.source_url),
      image_url: httpUrl(scraped.image_url),
      tags: tagsFromPage(scraped.tags),
    }, true);
    // The page's lines, less those kept (fromGroups and the loop above already stopped at 10,000 characters).
    const pageLines = grouped ? groups.reduce((n, g) => n + g.ingredients.length, 0)
      : scraped.ingredients.filter((l) => oneLine(l)).length;
    const kept = (JSON.parse(row.ingredient_lines ?? '[]') as unknown[]).length;
    return Object.assign(row, { ingredientLinesDropped: Math.max(0, pageLines - kept) });
  }

  /** One page of a listing, written as JSON once per answer (the cache keeps the text). */
  /** How the listing cache has fared (tests). */
  get listCacheStats(): Readonly<{ hits: number; stored: number }> {
    return this.listCache.stats;
  }

  /**
   * `fields` summary: each recipe as RecipeSummary (a card's fields), never reading the heavy
   * columns on SQLite. It is its own cache key; the full listing's key is unchanged.
   */
  list(filters: RecipeFilters, fields: 'full' | 'summary' = 'full'): Promise<ListResult> {
    if (fields === 'summary') return this.listCache.get({ ...filters, fields }, () => this.listSummaries(filters));
    return this.listCache.get(filters, () => (this.dialect === 'sqlite' && this.jsonTexts.enabled ? this.listByKeys(filters) : this.listByRows(filters)));
  }

  /**
   * A page of summaries. SQLite: the page's keys, then the card columns of those rows; if a row
   * is not in the state its key named (a commit in between), the page is read again whole, as
   * listByKeys does. PostgreSQL reads whole rows (one statement) and writes only their summary.
   */
  private async listSummaries(filters: RecipeFilters): Promise<ListResult> {
    const whole = async () => {
      const { rows, total } = await recipesRepository.findMany(this.db, this.dialect, filters);
      return { json: recipeListJson(rows, recipeSummaryJson), total };
    };
    if (this.dialect !== 'sqlite') return whole();
    const { rows: keys, total, at } = await recipesRepository.findMany(this.db, 'sqlite', filters, 'keys');
    const read = await recipesRepository.findSummariesByIdsSqlite(this.db, keys.map((k) => k.id));
    const rows = new Map(read.rows.map((r) => [r.id, r]));
    const page: SummaryRow[] = [];
    for (const key of keys) {
      const row = rows.get(key.id);
      const same = row !== undefined && (key.version === undefined ? at !== undefined && read.at === at : row.version === key.version);
      if (!same) return whole();
      page.push(row);
    }
    return { json: recipeListJson(page, recipeSummaryJson), total };
  }

  /** How the recipes' JSON texts have fared (tests). */
  get jsonTextStats(): Readonly<{ hits: number; writes: number }> {
    return this.jsonTexts.stats;
  }

  /** A page read whole from the database, in one statement (the texts of rows already kept are reused). */
  private async listByRows(filters: RecipeFilters): Promise<ListResult> {
    const { rows, total } = await recipesRepository.findMany(this.db, this.dialect, filters, 'rows', this.repositoryState);
    return { json: recipeListJson(rows, (row) => this.jsonTexts.textOf(row)), total };
  }

  /**
   * SQLite: the page's keys from the database, the texts kept for exactly those states, and only
   * the other rows read in full. A key is (id, version, parser_version), or a bare id from a
   * snapshot whose recipes counter is `at` (recipe-json-cache.ts). If a row read in full is not
   * in the state its key named (a commit between the two statements changed or deleted it; for
   * a bare id: any commit to recipes in between), the page is read again whole, so its rows are
   * always those of one snapshot (the count, as before, may be its own statement).
   */
  private async listByKeys(filters: RecipeFilters): Promise<ListResult> {
    const { rows: keys, total, at } = await recipesRepository.findMany(this.db, 'sqlite', filters, 'keys', this.repositoryState);
    const texts = keys.map((key) => (key.version === undefined
      ? (at === undefined ? undefined : this.jsonTexts.getAt(key.id, at))
      : this.jsonTexts.get(key as RecipeKey, at)));
    const missing = keys.filter((_, i) => texts[i] === undefined);
    if (missing.length > 0) {
      const read = await recipesRepository.findByIdsSqlite(this.db, missing.map((k) => k.id));
      const rows = new Map(read.rows.map((r) => [r.id, r]));
      for (let i = 0; i < keys.length; i++) {
        if (texts[i] !== undefined) continue;
        const key = keys[i]!;
        const row = rows.get(key.id);
        const same = row !== undefined && (key.version === undefined
          ? at !== undefined && read.at === at
          : row.version === key.version && row.parser_version === key.parser_version);
        if (!same) return this.listByRows(filters);
        texts[i] = this.jsonTexts.textOf(row, read.at);
      }
    }
    return { json: recipeListJson(texts as string[], (text) => text), total };
  }

  /** Every tag with its number of recipes (GET /tags). */
  tags(limit: number, offset: number): Promise<TagCounts> {
    return this.tagCache.get({ limit, offset }, () => tagsRepository.counts(this.db, limit, offset));
  }

  /**
   * The JSON text of a recipe for user `key`: the stored form, or the view. Long recipes are
   * worked on in a worker (ingredient-work.ts); a stored form whose parse is current costs nothing.
   */
  async recipeText(row: RecipeRow, view: RecipeViewSpec | undefined, key: string): Promise<string> {
    if (view) {
      const lines = await this.work.run('viewLinesJson', [storedIngredients(row), view.factor, view.units], row.ingredients.length * VIEW_COST_PER_CHAR, key);
      return recipeViewJson(row, lines, view.servings, view.scaling);
    }
    const current = row.parser_version === PARSER_VERSION && row.ingredient_lines !== null;
    if (current) return recipeJson(row);
    const lines = await this.work.run('storedLinesJson', [storedIngredients(row)], row.ingredients.length, key);
    return recipeJsonWithLines(row, lines);
  }

  async get(id: number): Promise<RecipeRow> {
    const row = await recipesRepository.findById(this.db, id);
    if (!row) throw NotFound('Recipe not found');
    return row;
  }

  private async getOwned(userId: number, id: number, ifMatch?: string): Promise<RecipeRow> {
    const row = await this.get(id);
    if (row.owner_id !== userId) throw Forbidden('Only the owner can change this recipe');
    if (ifMatch !== undefined && !ifMatchAllowsRow(ifMatch, row)) throw PreconditionFailed();
    return row;
  }

  /**
   * Partial update. Only the given fields are written, so concurrent updates of different fields
   * both survive; with If-Match the write happens only if the row is still the version the client saw.
   */
  async update(userId: number, id: number, changes: RecipeUpdate, ifMatch?: string): Promise<RecipeRow> {
    const { tags: rawTags, ingredients: _text, ingredient_groups: _groups, ...fields } = changes;
    const tags = rawTags ? normaliseTags(rawTags) : undefined;
    refuseBadChars(changes);
    const parsed = await ingredientColumns(this.work, String(userId), changes, this.maxLines);
    const current = await this.getOwned(userId, id, ifMatch);
    const expected = ifMatch !== undefined ? current.version : undefined;
    // Plain text keeps the headings of the lines it kept (ingredient-lines.ts carryGroups).
    const columns = parsed && changes.ingredients !== undefined ? withCarriedGroups(current, parsed) : parsed;
    const write = { ...fields, ...columns, updated_at: new Date(this.clock()).toISOString(), ...(tags ? { tags: JSON.stringify(tags) } : {}) };
    // New tags go with the row in one transaction, and only if the (conditional) update happened.
    const updated = tags === undefined ? await recipesRepository.update(this.db, id, write, expected)
      : await this.db.transaction().execute(async (trx) => {
        const row = await recipesRepository.update(trx, id, write, expected);
        if (row) await tagsRepository.replace(trx, id, tags);
        return row;
      });
    if (!updated) {
      if (ifMatch !== undefined) throw PreconditionFailed();
      throw NotFound('Recipe not found');
    }
    await this.listVersion?.written();
    return updated;
  }

  async delete(userId: number, id: number, ifMatch?: string): Promise<void> {
    const current = await this.getOwned(userId, id, ifMatch);
    const deleted = await recipesRepository.delete(this.db, id, ifMatch !== undefined ? current.version : undefined);
    if (!deleted) {
      if (ifMatch !== undefined) throw PreconditionFailed();
      throw NotFound('Recipe not found');
    }
    await this.listVersion?.written();
  }
}

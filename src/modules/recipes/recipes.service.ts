/** The rules of the catalog: who may change what, optimistic concurrency, pagination. */
import type { Database, RecipeRow } from '../../db/tables.js';
import { AppError, BadRequest, Forbidden, NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import { parseEntityTagList } from '../../lib/entity-tags.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import type { WriteBatch } from '../../db/write-batch.js';
import { isHttpUrl } from '../../lib/http-url.js';
import type { ScrapedRecipe } from '../scrape/scrape.service.js';
import type { Clock } from '../../lib/clock.js';
import type { Db, Dialect } from '../../lib/db.js';
import { recipesRepository, RecipesRepositoryState, type RecipeFilters } from './recipes.repository.js';
import type { ListVersion } from './list-version.js';
import type { SearchIndex } from './search-index.js';
import type { Recipe, RecipeCreate, RecipeUpdate } from './recipes.schemas.js';
import { normaliseTags, parseTagsColumn, tagsFromPage } from '../tags/tags.normalise.js';
import { tagsRepository } from '../tags/tags.repository.js';
import { scaleFactor } from '../ingredients/scale.js';
import { viewLine } from '../ingredients/scaled-line.js';
import type { UnitSystemTarget } from '../ingredients/convert.js';
import { RecipeJsonCache, type RecipeKey } from './recipe-json-cache.js';
import { recipeListJson } from './recipe-json.js';
import { fromGroups, ingredientLinesOf, parseColumns, parseIngredientsText, type IngredientGroup } from './ingredient-lines.js';

/**
 * The ingredient columns of a write: `ingredients` as given, or the flat join of
 * `ingredient_groups`, with their parse (migration 006). Undefined when neither is given.
 */
function ingredientColumns(input: { ingredients?: string; ingredient_groups?: readonly IngredientGroup[] }, lenient = false) {
  if (input.ingredients !== undefined && input.ingredient_groups !== undefined) throw BadRequest('Give either ingredients or ingredient_groups, not both');
  if (input.ingredient_groups !== undefined) {
    const { ingredients, lines } = fromGroups(input.ingredient_groups, lenient);
    return { ingredients, ...parseColumns(lines) };
  }
  if (input.ingredients !== undefined) return { ingredients: input.ingredients, ...parseColumns(parseIngredientsText(input.ingredients)) };
  return undefined;
}

/**
 * U+0000 cannot be stored in a PostgreSQL text column (the insert fails) and cuts SQLite's
 * full-text tokens short, so a recipe field that holds one is refused with 400 on both databases.
 */
function refuseNul(fields: Record<string, unknown>): void {
  const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\u0000')
    : Array.isArray(v) ? v.some(hasNul) : typeof v === 'object' && v !== null ? Object.values(v).some(hasNul) : false);
  const bad = Object.entries(fields).filter(([, v]) => hasNul(v)).map(([k]) => k);
  if (bad.length) throw BadRequest(`Invalid request: body.${bad[0]} must not contain NUL (U+0000) characters`, bad.map((k) => ({ path: `body.${k}`, message: 'must not contain U+0000' })));
}

/** Scraped text is not the caller's input: NULs in it are dropped, not refused. */
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

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
  // Strong comparison: a weak tag never matches. A view's tag names its stored version before the ';'.
  return tags.some((t) => {
    if (t.weak) return false;
    const semi = t.opaque.indexOf(';');
    return (semi < 0 ? t.opaque : `${t.opaque.slice(0, semi)}"`) === current;
  });
}

export interface ViewQuery { servings?: number; factor?: number; units?: UnitSystemTarget }

/**
 * GET /recipes/{id} with ?servings=, ?factor= or ?units=: the recipe with every ingredient line
 * scaled and/or converted (quantities rounded as displayed, `display` rewritten, `original`
 * kept), `servings` the servings asked for (unchanged with a factor), and `scaling` saying what
 * was done. `ingredients` is the stored text, unchanged. Its ETag is the stored version's with
 * the view appended, so it differs from the stored form's while naming the same version.
 */
export function recipeView(row: RecipeRow, q: ViewQuery): { recipe?: Recipe; etag: string } {
  // The stored form: no view object; the route sends the stored recipe's JSON text (recipe-json.ts).
  if (q.servings === undefined && q.factor === undefined && q.units === undefined) return { etag: etagOf(row) };
  const scale = scaleFactor(q, row.servings);
  if ('error' in scale) throw BadRequest(scale.error);
  const base = toRecipe(row);
  const recipe: Recipe = {
    ...base,
    servings: q.servings ?? row.servings,
    ingredient_lines: ingredientLinesOf(row).map((line) => viewLine(line, scale.factor, q.units)),
    scaling: { factor: Number(scale.factor.toPrecision(6)), original_servings: row.servings, units: q.units ?? null },
  };
  const view = [`factor=${Number(scale.factor.toPrecision(6))}`, ...(q.units ? [`units=${q.units}`] : [])].join(';');
  return { recipe, etag: `"${row.id}-${row.version};${view}"` };
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

/**
 * Remembers recent list results together with the list version's token (list-version.ts) and
 * serves them only while no write to recipes has happened since, so an answer is never stale.
 * Requests that miss together for the same query and token share one database query. Without a
 * version source (PostgreSQL without Redis, where other instances write unseen) nothing is cached.
 */
class ListCache<R> {
  private readonly entries = new BoundedMap<string, { token: string; at: number; result: R }>(256);
  /**
   * Queries answered lately, without their answers: an answer is kept only for a query asked
   * again (admission on the second request, as TinyLFU's doorkeeper). A stream of distinct
   * searches then stores nothing, instead of filling the cache with pages that are evicted
   * unread (each one survives young-generation collections and is garbage for the old one).
   */
  private readonly askedBefore = new BoundedMap<string, true>(512);
  /** Answers served from the cache, and answers stored in it. */
  readonly stats = { hits: 0, stored: 0 };
  private readonly loading = new Map<string, Promise<R>>();
  constructor(private readonly version: ListVersion | undefined, private readonly clock: Clock) {}

  async get(query: object, load: () => Promise<R>): Promise<R> {
    const version = this.version;
    const token = await version?.current();
    if (!version || token === undefined) return load();
    const key = JSON.stringify(query);
    const hit = this.entries.get(key);
    if (hit && hit.token === token && this.clock() - hit.at <= version.maxAgeMs) {
      this.stats.hits++;
      return hit.result;
    }
    const flightKey = `${token}|${key}`;
    let pending = this.loading.get(flightKey);
    if (!pending) {
      const at = this.clock();
      const admit = this.askedBefore.has(key);
      if (!admit) this.askedBefore.set(key, true);
      pending = load().then(async (result) => {
        // Only keep it if asked before, and nothing was written while the query ran.
        if (admit && await version.current() === token) {
          this.entries.set(key, { token, at, result });
          this.stats.stored++;
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

  constructor(deps: RecipesServiceDeps) {
    this.db = deps.db;
    this.dialect = deps.dialect;
    this.clock = deps.clock;
    this.listVersion = deps.listVersion;
    this.searchIndex = deps.searchIndex;
    this.writes = deps.writes;
    this.jsonTexts = deps.jsonTexts ?? new RecipeJsonCache(0);
    this.repositoryState = deps.repositoryState ?? new RecipesRepositoryState();
    this.listCache = new ListCache(deps.listVersion, deps.clock);
    this.tagCache = new ListCache(deps.listVersion, deps.clock);
  }

  async create(ownerId: number, input: RecipeCreate, lenient = false): Promise<RecipeRow> {
    const now = new Date(this.clock()).toISOString();
    const tags = input.tags ? normaliseTags(input.tags) : [];
    refuseNul(input);
    const parsed = ingredientColumns(input, lenient);
    if (!parsed) {
      throw new AppError(400, 'VALIDATION_FAILED', "Invalid request: body must have required property 'ingredients' (or 'ingredient_groups')",
        { details: [{ path: 'body.ingredients', message: "must have required property 'ingredients'" }] });
    }
    const newRow = {
      title: input.title, ...parsed, time_minutes: input.time_minutes,
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
   * Saves a recipe read from a web page or sent text, fitting its values to the catalog's limits.
   * The page's tags (recipeCategory, recipeCuisine, keywords) are kept, and its ingredient groups
   * when it has headings (test/api/recipes-import-hook.test.ts).
   */
  async createFromScraped(ownerId: number, scraped: ScrapedRecipe): Promise<RecipeRow> {
    const ingredients: string[] = [];
    let length = 0;
    for (const line of scraped.ingredients.map((l) => withoutNul(l).trim()).filter(Boolean)) {
      if (length + line.length + 1 > 10_000) break;
      ingredients.push(line);
      length += line.length + 1;
    }
    const title = scraped.title && withoutNul(scraped.title).trim().slice(0, 200);
    // The page's groups, when the extractor found headings.
    const groups = scraped.ingredient_groups.filter((g) => g.ingredients.length > 0);
    const grouped = groups.some((g) => g.name) ? fromGroups(groups, true) : undefined;
    if (!title || ingredients.length === 0) throw Unprocessable('No recipe found on the page');
    const httpUrl = (u: string | null | undefined) => (u && isHttpUrl(u) && !u.includes('\u0000') ? u : null);
    return this.create(ownerId, {
      title,
      ...(grouped && grouped.lines.length > 0 ? { ingredient_groups: groups.map((g) => ({ name: g.name, ingredients: [...g.ingredients] })) } : { ingredients: ingredients.join('\n') }),
      // The catalog needs a time; a page without one is saved with 0 ("unknown"), a longer one is capped at a week.
      time_minutes: Math.min(Math.max(0, Math.round(scraped.time_minutes ?? 0)), 10_080),
      instructions: (scraped.instructions && withoutNul(scraped.instructions).slice(0, 50_000)) || null,
      servings: scraped.servings && scraped.servings >= 1 && scraped.servings <= 10_000 ? Math.round(scraped.servings) : null,
      source_url: httpUrl(scraped.source_url),
      image_url: httpUrl(scraped.image_url),
      tags: tagsFromPage(scraped.tags),
    }, true);
  }

  /** One page of a listing, written as JSON once per answer (the cache keeps the text). */
  /** How the listing cache has fared (tests). */
  get listCacheStats(): Readonly<{ hits: number; stored: number }> {
    return this.listCache.stats;
  }

  list(filters: RecipeFilters): Promise<ListResult> {
    return this.listCache.get(filters, () => (this.dialect === 'sqlite' && this.jsonTexts.enabled ? this.listByKeys(filters) : this.listByRows(filters)));
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
    refuseNul(changes);
    const parsed = ingredientColumns(changes);
    const current = await this.getOwned(userId, id, ifMatch);
    const expected = ifMatch !== undefined ? current.version : undefined;
    const write = { ...fields, ...parsed, updated_at: new Date(this.clock()).toISOString(), ...(tags ? { tags: JSON.stringify(tags) } : {}) };
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

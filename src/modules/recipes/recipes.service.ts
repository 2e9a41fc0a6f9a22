/** The rules of the catalog: who may change what, optimistic concurrency, pagination. */
import type { Database, RecipeRow, RecipeVisibility } from '../../db/tables.js';
import { AppError, Forbidden, NotFound, PreconditionFailed } from '../../errors.js';
import type { WriteBatch } from '../../db/write-batch.js';
import type { ScrapedRecipe } from '../scrape/scrape.service.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import { recipesRepository, RecipesRepositoryState } from './recipes.repository.js';
import type { RecipeFilters } from './search/filters.js';
import type { RecipeSearch } from './search/strategy.js';
import type { ListVersion } from './list-version.js';
import type { SearchIndex } from './search/sqlite-index.js';
import type { RecipeCreate, RecipeUpdate } from './recipes.schemas.js';
import { normaliseTags } from './recipe-tags.js';
import { recipeTagsRepository } from './recipe-tags.repository.js';
import { RecipeJsonCache, type RecipeKey } from './recipe-json-cache.js';
import { recipeJson, recipeJsonWithLines, recipeListJson, recipeSummaryJson, recipeViewJson, type SummaryRow } from './recipe-json.js';
import { PARSER_VERSION, ingredientLinesOf, withCarriedGroups, type RecipeIngredients } from './ingredient-lines.js';
import { IngredientWork, VIEW_COST_PER_CHAR } from './ingredient-work.js';
import { DEFAULT_LIST_CACHE_BYTES, recipeListCaches, type ListResult, type RecipeListCaches, type TagCounts } from './list-cache.js';
import { ingredientColumns, refuseBadChars } from './recipe-input.js';
import type { RecipeViewSpec } from './recipe-view.js';
import { createFromScraped } from './recipe-import.js';
import type { RecipesServiceDeps } from './recipes.deps.js';
import type { WrittenTerms } from './search/summary-watch.js';
import { RecipeVisibilityRule, VisibilityChanged, type Viewer } from './visibility.js';

/** Default of RECIPE_MAX_LINES in config.ts, for services built without it. */
export const DEFAULT_MAX_LINES = 300;

/**
 * Whether a change may go ahead given the row as it is now (its id and version): the caller's
 * precondition (an If-Match header, recipe-etag.ts). It may throw to refuse the precondition itself.
 */
export type VersionMatch = (row: Pick<RecipeRow, 'id' | 'version'>) => boolean;

/** The part of a row the ingredient tasks need (a row is not sent to a worker whole). */
const storedIngredients = (row: RecipeRow) => ({
  ingredients: row.ingredients,
  ingredient_lines: row.ingredient_lines,
  parser_version: row.parser_version,
});

export class RecipesService {
  private readonly lists: RecipeListCaches;
  private readonly db: Db;
  private readonly search: RecipeSearch;
  private readonly clock: Clock;
  private readonly listVersion?: ListVersion;
  private readonly searchIndex?: Pick<SearchIndex, 'schedule'>;
  private readonly writes?: Pick<WriteBatch<Database>, 'run'>;
  private readonly jsonTexts: RecipeJsonCache;
  private readonly repositoryState: RecipesRepositoryState;
  private readonly work: IngredientWork;
  private readonly visibility: RecipeVisibilityRule;
  private readonly defaultVisibility: RecipeVisibility;

  constructor(deps: RecipesServiceDeps) {
    this.db = deps.db;
    this.search = deps.search;
    this.clock = deps.clock;
    this.listVersion = deps.listVersion;
    this.searchIndex = deps.searchIndex;
    this.writes = deps.writes;
    this.jsonTexts = deps.jsonTexts ?? new RecipeJsonCache(0);
    this.repositoryState = deps.repositoryState ?? new RecipesRepositoryState();
    this.work = deps.work ?? new IngredientWork({ workers: 0, maxPerUser: 1, inlineMaxChars: Infinity });
    this.lists = deps.lists ?? recipeListCaches(DEFAULT_LIST_CACHE_BYTES, deps.listVersion, deps.clock);
    this.maxLines = deps.maxLines ?? DEFAULT_MAX_LINES;
    this.visibility = new RecipeVisibilityRule(() => recipesRepository.anyNotPublic(deps.db), deps.listVersion);
    this.defaultVisibility = deps.defaultVisibility ?? 'public';
    this.warm = deps.warmSummaries ?? (async () => undefined);
    this.writtenTerms = deps.writtenTerms;
  }

  private readonly writtenTerms?: Pick<WrittenTerms, 'note'>;

  private readonly warm: () => Promise<void>;

  /**
   * Many recipes arrived at once (an import): the search terms they made common get their
   * summaries now, so no search pays for them (search/summary-warmup.ts). Never rejects.
   */
  summariesForNewData(): Promise<void> {
    return this.warm();
  }

  /** The most ingredient lines a recipe may be given (RECIPE_MAX_LINES). */
  readonly maxLines: number;

  async create(ownerId: number, input: RecipeCreate, lenient = false): Promise<RecipeRow> {
    const now = new Date(this.clock()).toISOString();
    const tags = input.tags ? normaliseTags(input.tags) : [];
    refuseBadChars(input);
    const parsed = await ingredientColumns(this.work, String(ownerId), input, this.maxLines, lenient);
    if (!parsed) {
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        "Invalid request: body must have required property 'ingredients' (or 'ingredient_groups')",
        { details: [{ path: 'body.ingredients', message: "must have required property 'ingredients'" }] },
      );
    }
    const newRow = {
      title: input.title,
      ...parsed,
      time_minutes: input.time_minutes ?? null,
      instructions: input.instructions ?? null,
      servings: input.servings ?? null,
      source_url: input.source_url ?? null,
      image_url: input.image_url ?? null,
      owner_id: ownerId,
      visibility: input.visibility ?? this.defaultVisibility,
      created_at: now,
      updated_at: now,
      tags: JSON.stringify(tags),
    };
    // The row and its tags are written together (in one transaction, or one savepoint of a batch).
    const insert = async (db: Db) => {
      const inserted = await recipesRepository.insert(db, newRow, this.repositoryState);
      if (tags.length > 0) await recipeTagsRepository.replace(db, inserted.id, tags);
      return inserted;
    };
    // SQLite: in the next group commit. Otherwise without tags one autocommit insert, with tags one transaction.
    const row = this.writes
      ? await this.writes.run(insert)
      : tags.length === 0
        ? await insert(this.db)
        : await this.db.transaction().execute(insert);
    this.searchIndex?.schedule();
    this.writtenTerms?.note(row.ingredient_lines);
    await this.listVersion?.written();
    return row;
  }

  /** Saves a recipe read from a web page or sent text (recipe-import.ts). */
  createFromScraped(
    ownerId: number,
    scraped: ScrapedRecipe,
    truncated = new Set<string>(),
    visibility?: RecipeVisibility,
  ): Promise<RecipeRow & { ingredientLinesDropped: number }> {
    return createFromScraped(this, ownerId, scraped, truncated, visibility);
  }

  /**
   * One page of a listing, written as JSON once per answer (the cache keeps the text). With
   * `fields` summary: each recipe as RecipeSummary (a card's fields), never reading the heavy
   * columns on SQLite. It is its own cache key; the full listing's key is unchanged.
   */
  async list(filters: RecipeFilters, fields: 'full' | 'summary' = 'full', who?: Viewer): Promise<ListResult> {
    const scope = who && (await this.visibility.scopeFor(who));
    if (who && !scope) {
      try {
        return await this.listCached(filters, fields, true);
      } catch (err) {
        if (!(err instanceof VisibilityChanged)) throw err;
      }
    }
    const visibleTo = who && (scope ?? { userId: who.id, members: await who.members() });
    return this.listCached(visibleTo ? { ...filters, visibleTo } : filters, fields, false);
  }

  /**
   * The listing through its cache (the key is the filters, the visibility rule's caller included).
   * `recheck`: read without the rule, as every recipe was public; if one is not public once it
   * is read, the answer is thrown away (VisibilityChanged) and never kept.
   */
  private listCached(filters: RecipeFilters, fields: 'full' | 'summary', recheck: boolean): Promise<ListResult> {
    const checked = (load: () => Promise<ListResult>) => async () => {
      const result = await load();
      if (recheck && (await this.visibility.anyNotPublic())) throw new VisibilityChanged();
      return result;
    };
    if (fields === 'summary')
      return this.lists.recipes.get(
        { ...filters, fields },
        checked(() => this.listSummaries(filters)),
      );
    return this.lists.recipes.get(
      filters,
      checked(() => (this.search.keyPages && this.jsonTexts.enabled ? this.listByKeys(filters) : this.listByRows(filters))),
    );
  }

  /**
   * A page of summaries. SQLite: the page's keys, then the card columns of those rows; if a row
   * is not in the state its key named (a commit in between), the page is read again whole, as
   * listByKeys does. PostgreSQL reads whole rows (one statement) and writes only their summary.
   */
  private async listSummaries(filters: RecipeFilters): Promise<ListResult> {
    const whole = async () => {
      const { rows, total } = await this.search.findMany(this.db, filters);
      return { json: recipeListJson(rows, recipeSummaryJson), total };
    };
    if (!this.search.keyPages) return whole();
    const { rows: keys, total, at } = await this.search.findMany(this.db, filters, 'keys');
    const read = await recipesRepository.findSummariesByIdsSqlite(
      this.db,
      keys.map((k) => k.id),
    );
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

  /** A page read whole from the database, in one statement (the texts of rows already kept are reused). */
  private async listByRows(filters: RecipeFilters): Promise<ListResult> {
    const { rows, total } = await this.search.findMany(this.db, filters, 'rows');
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
    const { rows: keys, total, at } = await this.search.findMany(this.db, filters, 'keys');
    const texts = keys.map((key) =>
      key.version === undefined
        ? at === undefined
          ? undefined
          : this.jsonTexts.getAt(key.id, at)
        : this.jsonTexts.get(key as RecipeKey, at),
    );
    const missing = keys.filter((_, i) => texts[i] === undefined);
    if (missing.length > 0) {
      const read = await recipesRepository.findByIdsSqlite(
        this.db,
        missing.map((k) => k.id),
      );
      const rows = new Map(read.rows.map((r) => [r.id, r]));
      for (let i = 0; i < keys.length; i++) {
        if (texts[i] !== undefined) continue;
        const key = keys[i]!;
        const row = rows.get(key.id);
        const same =
          row !== undefined &&
          (key.version === undefined
            ? at !== undefined && read.at === at
            : row.version === key.version && row.parser_version === key.parser_version);
        if (!same) return this.listByRows(filters);
        texts[i] = this.jsonTexts.textOf(row, read.at);
      }
    }
    return { json: recipeListJson(texts as string[], (text) => text), total };
  }

  /** Every tag with its number of recipes the caller may see (GET /tags), cached like listings. */
  async tags(limit: number, offset: number, who?: Viewer): Promise<TagCounts> {
    const scope = who && (await this.visibility.scopeFor(who));
    if (who && !scope) {
      try {
        return await this.lists.tags.get({ limit, offset }, async () => {
          const counts = await recipeTagsRepository.counts(this.db, limit, offset);
          if (await this.visibility.anyNotPublic()) throw new VisibilityChanged();
          return counts;
        });
      } catch (err) {
        if (!(err instanceof VisibilityChanged)) throw err;
      }
    }
    const visibleTo = who && (scope ?? { userId: who.id, members: await who.members() });
    return this.lists.tags.get({ limit, offset, visibleTo }, () => recipeTagsRepository.counts(this.db, limit, offset, visibleTo));
  }

  /**
   * The JSON text of a recipe for user `key`: the stored form, or the view. Long recipes are
   * worked on in a worker (ingredient-work.ts); a stored form whose parse is current costs nothing.
   */
  async recipeText(row: RecipeRow, view: RecipeViewSpec | undefined, key: string): Promise<string> {
    if (view) {
      const lines = await this.work.run(
        'viewLinesJson',
        [storedIngredients(row), view.factor, view.units],
        row.ingredients.length * VIEW_COST_PER_CHAR,
        key,
      );
      return recipeViewJson(row, lines, view.servings, view.scaling);
    }
    const current = row.parser_version === PARSER_VERSION && row.ingredient_lines !== null;
    if (current) return recipeJson(row);
    const lines = await this.work.run('storedLinesJson', [storedIngredients(row)], row.ingredients.length, key);
    return recipeJsonWithLines(row, lines);
  }

  /** The recipe; 404 when there is none, or `who` may not see it. */
  async get(id: number, who?: Viewer): Promise<RecipeRow> {
    const row = await recipesRepository.findById(this.db, id);
    if (!row || (who && !(await this.visibility.canSee(row, who)))) throw NotFound('Recipe not found');
    return row;
  }

  /**
   * The parsed ingredient lines and servings of many recipes in one query, of those `who` may see
   * (the others, and missing ones, left out): the meal plan's recipes going onto a shopping list.
   */
  async ingredientsOf(ids: readonly number[], who: Viewer): Promise<Map<number, RecipeIngredients>> {
    const found = new Map<number, RecipeIngredients>();
    for (const row of await recipesRepository.ingredientsByIds(this.db, [...new Set(ids)]))
      if (await this.visibility.canSee(row, who)) found.set(row.id, { id: row.id, servings: row.servings, lines: ingredientLinesOf(row) });
    return found;
  }

  /** 404 unless the recipe exists and `who` may see it (routes of a recipe's parts: its picture). */
  async assertVisible(id: number, who: Viewer): Promise<void> {
    await this.get(id, who);
  }

  private async getOwned(userId: number, id: number, ifMatch?: VersionMatch, who?: Viewer): Promise<RecipeRow> {
    const row = await this.get(id, who);
    if (row.owner_id !== userId) throw Forbidden('Only the owner can change this recipe');
    if (ifMatch !== undefined && !ifMatch(row)) throw PreconditionFailed();
    return row;
  }

  /**
   * Partial update. Only the given fields are written, so concurrent updates of different fields
   * both survive; with `ifMatch` the write happens only if the row is still the version the client saw.
   */
  async update(userId: number, id: number, changes: RecipeUpdate, ifMatch?: VersionMatch, who?: Viewer): Promise<RecipeRow> {
    const { tags: rawTags, ingredients: _text, ingredient_groups: _groups, ...fields } = changes;
    const tags = rawTags ? normaliseTags(rawTags) : undefined;
    refuseBadChars(changes);
    const parsed = await ingredientColumns(this.work, String(userId), changes, this.maxLines);
    const current = await this.getOwned(userId, id, ifMatch, who);
    const expected = ifMatch !== undefined ? current.version : undefined;
    // Plain text keeps the headings of the lines it kept (ingredient-lines.ts carryGroups).
    const columns = parsed && changes.ingredients !== undefined ? withCarriedGroups(current, parsed) : parsed;
    const write = {
      ...fields,
      ...columns,
      updated_at: new Date(this.clock()).toISOString(),
      ...(tags ? { tags: JSON.stringify(tags) } : {}),
    };
    // New tags go with the row in one transaction, and only if the (conditional) update happened.
    const updated =
      tags === undefined
        ? await recipesRepository.update(this.db, id, write, expected)
        : await this.db.transaction().execute(async (trx) => {
            const row = await recipesRepository.update(trx, id, write, expected);
            if (row) await recipeTagsRepository.replace(trx, id, tags);
            return row;
          });
    if (!updated) {
      if (ifMatch !== undefined) throw PreconditionFailed();
      throw NotFound('Recipe not found');
    }
    if (columns) this.writtenTerms?.note(updated.ingredient_lines);
    await this.listVersion?.written();
    return updated;
  }

  /**
   * The recipes of an account being removed, in the caller's transaction: its household and
   * public recipes pass to `heirId` (another member of its household) when there is one, and
   * every other recipe of it is deleted. The caller releases `imageSets` and calls written() once committed.
   */
  async handOver(trx: Db, ownerId: number, heirId: number | undefined) {
    const passed = heirId === undefined ? 0 : await recipesRepository.passOnShared(trx, ownerId, heirId);
    const { deleted, imageSets } = await recipesRepository.deleteAllOf(trx, ownerId);
    return { passed, deleted, imageSets };
  }

  /** Tells every instance's listing caches that a recipe changed outside this service (its picture: images.service.ts). */
  async written(): Promise<void> {
    await this.listVersion?.written();
  }

  /** Deletes the recipe; returns its picture's set (image_set), which the caller releases. */
  async delete(userId: number, id: number, ifMatch?: VersionMatch, who?: Viewer): Promise<string | null> {
    const current = await this.getOwned(userId, id, ifMatch, who);
    const deleted = await recipesRepository.delete(this.db, id, ifMatch !== undefined ? current.version : undefined);
    if (!deleted) {
      if (ifMatch !== undefined) throw PreconditionFailed();
      throw NotFound('Recipe not found');
    }
    await this.listVersion?.written();
    return current.image_set;
  }
}

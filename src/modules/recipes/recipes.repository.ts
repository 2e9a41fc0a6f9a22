/** All SQL about recipes. Takes the Kysely instance (or a transaction) first; never sees HTTP. */
import { CompiledQuery, sql, type SelectQueryBuilder } from 'kysely';
import type { Database, NewRecipeRow, RecipeRow, RecipeUpdate } from '../../db/tables.js';
import type { Db, Dialect } from '../../lib/db.js';
import type { RecipeSort } from './recipes.schemas.js';
import { foldCase, storedFold } from '../../lib/fold.js';
import { RECIPES_COUNTER, searchSummaries, TRACK_MIN_MATCHES } from './search-summaries.js';
import { postgresSearch } from './search-postgres.js';
import { hasAllTags } from '../tags/tags.repository.js';
import type { RecipeKey } from './recipe-json-cache.js';
import type { SummaryBuilder } from './summary-builder.js';
import { SummaryTermIds } from './summary-terms.js';
import { SUMMARY_COLUMNS, type SummaryRow } from './recipe-json.js';


export interface RecipeFilters {
  ingredient?: string;
  q?: string;
  maxTime?: number;
  ownerId?: number;
  /** Normalised tags (tags.normalise.ts); a recipe must have every one. */
  tags?: string[];
  sort: RecipeSort;
  limit: number;
  offset: number;
}

const SORT_COLUMNS = { created_at: 'created_at', time_minutes: 'time_minutes', title: 'title' } as const;

const ftsString = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * A text filter as the database sees it: the term folded (src/lib/fold.ts) and the columns it
 * searches. Every search compares folded term with folded text (migration 007), so the index,
 * the count and the rows always agree on what matches.
 */
interface TextFilter { term: string; columns: 'ingredients' | 'title ingredients' }

function textFilters(f: RecipeFilters): TextFilter[] {
  const out: TextFilter[] = [];
  if (f.ingredient !== undefined) out.push({ term: foldCase(f.ingredient), columns: 'ingredients' });
  if (f.q !== undefined) out.push({ term: foldCase(f.q), columns: 'title ingredients' });
  return out;
}

/** The folded text of a recipe: the stored copy for non-ASCII text, lower() otherwise (migration 007). */
const FOLDED_TITLE = sql`coalesce(search_title, lower(title))`;
const FOLDED_INGREDIENTS = sql`coalesce(search_ingredients, lower(ingredients))`;

/**
 * An FTS5 query over the case-sensitive trigram index of folded text for a literal substring:
 * the AND of its trigrams, which FTS5 answers several times faster than a phrase; the caller
 * rechecks the candidates exactly (as pg_trgm rechecks). Trigrams are of code points, as FTS5's.
 */
function ftsQuery({ columns, term }: TextFilter): string {
  const chars = [...term];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return `{${columns}} : (${[...grams].map(ftsString).join(' AND ')})`;
}

/** The exact FTS5 phrase: on a trigram index of folded text, exactly the rows holding the folded term. */
const ftsPhrase = ({ columns, term }: TextFilter) => `{${columns}} : ${ftsString(term)}`;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQLite: recipes with a higher id are not in the FTS5 index (nor the search summaries) yet (migration 004). */
const NOT_INDEXED_ABOVE = sql`(SELECT watermark FROM recipes_fts_state)`;
/** Least merge work (FTS5 pages) an indexing batch does, so small batches still merge (migration 013). */
const FTS_MERGE_MIN_PAGES = 32;

/** The trigram index only answers for substrings of at least three characters. */
const indexable = (t: TextFilter) => [...t.term].length >= 3;

/**
 * The ids of the indexed recipes holding the term: the FTS5 phrase (exact on folded text) read
 * alone, or for short terms the exact test.
 */
const indexedHolding = (text: TextFilter) => (indexable(text)
  ? sql`SELECT rowid AS id FROM recipes_fts WHERE recipes_fts MATCH ${ftsPhrase(text)}`
  : sql`SELECT id FROM recipes WHERE id <= ${NOT_INDEXED_ABOVE} AND ${exactMatch('sqlite', text)}`);

/** The exact substring test on folded text, for candidates, the unindexed tail and walks (both databases). */
function exactMatch(dialect: Dialect, { columns, term }: TextFilter) {
  if (dialect === 'postgres') {
    const pattern = likePattern(term);
    return columns === 'ingredients'
      ? sql<boolean>`${FOLDED_INGREDIENTS} LIKE ${pattern}`
      : sql<boolean>`(${FOLDED_TITLE} LIKE ${pattern} OR ${FOLDED_INGREDIENTS} LIKE ${pattern})`;
  }
  return columns === 'ingredients'
    ? sql<boolean>`instr(${FOLDED_INGREDIENTS}, ${term}) > 0`
    : sql<boolean>`(instr(${FOLDED_TITLE}, ${term}) > 0 OR instr(${FOLDED_INGREDIENTS}, ${term}) > 0)`;
}

/** The sort key's column and direction; `id` in the same direction breaks ties. */
function sortOf(f: RecipeFilters) {
  const desc = f.sort.startsWith('-');
  return { column: SORT_COLUMNS[(desc ? f.sort.slice(1) : f.sort) as keyof typeof SORT_COLUMNS], direction: desc ? 'desc' as const : 'asc' as const };
}

/**
 * ORDER BY the sort key, then `id` in the same direction. An unknown time (NULL) sorts after
 * every known time in both directions, in the order an index gives (migration 016): SQLite puts
 * NULL first ascending, so quickest first leads with `time_minutes IS NULL` (recipes_time_known_idx);
 * PostgreSQL puts it first descending, so longest first says NULLS LAST (recipes_time_desc_idx).
 */
function orderBySort<QB extends SelectQueryBuilder<Database, 'recipes', any>>(qb: QB, dialect: Dialect, f: RecipeFilters): QB {
  const { column, direction } = sortOf(f);
  if (column === 'time_minutes' && dialect === 'sqlite' && direction === 'asc') qb = qb.orderBy(sql`time_minutes IS NULL`) as QB;
  if (column === 'time_minutes' && dialect === 'postgres' && direction === 'desc') qb = qb.orderBy(column, (ob) => ob.desc().nullsLast()) as QB;
  else qb = qb.orderBy(column, direction) as QB;
  return qb.orderBy('id', direction) as QB;
}

/**
 * SQLite, dense matches: how many rows of the sort order a walk may read before it gives up, and
 * how many times the uniform estimate of what it needs (offset + limit over the match density).
 */
const WALK_MAX_ROWS = 20_000;
const WALK_HEADROOM = 4;

/**
 * `?tag=` (all must match), the one place every listing, count and walk gets it from
 * (migration 005's recipe_tags primary key answers it; tags/tags.repository.ts).
 */
function applyTagFilter<QB extends { where(cond: ReturnType<typeof hasAllTags>): QB }>(qb: QB, f: Pick<RecipeFilters, 'tags'>): QB {
  return f.tags && f.tags.length > 0 ? qb.where(hasAllTags(f.tags)) : qb;
}

function applyFilters<O>(qb: SelectQueryBuilder<Database, 'recipes', O>, dialect: Dialect, f: RecipeFilters) {
  if (f.maxTime !== undefined) qb = qb.where('time_minutes', '<=', f.maxTime);
  if (f.ownerId !== undefined) qb = qb.where('owner_id', '=', f.ownerId);
  qb = applyTagFilter(qb, f);
  for (const text of textFilters(f)) {
    if (dialect === 'sqlite' && indexable(text)) {
      // The index, plus the rows written since its last batch (migration 004), few and found by rowid.
      qb = qb.where('id', 'in', sql<number>`(SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${ftsQuery(text)}
        UNION ALL SELECT id FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE})`);
    }
    // The exact check: on its own for short text (the index cannot help), as a recheck otherwise.
    qb = qb.where(exactMatch(dialect, text));
  }
  return qb;
}

/** The folded copies a recipe stores for search (migration 007), for the fields given. */
function withFolds<T extends { title?: string | null | undefined; ingredients?: string | null | undefined }>(row: T) {
  const out: T & { search_title?: string | null; search_ingredients?: string | null } = { ...row };
  if (typeof row.title === 'string') out.search_title = storedFold(row.title);
  if (typeof row.ingredients === 'string') out.search_ingredients = storedFold(row.ingredients);
  return out;
}

/**
 * What a listing reads of each row of its page: every column (`rows`), or only the key of the
 * row's stored state (`keys`: id, version, parser_version) when the caller keeps the recipes'
 * JSON texts (recipe-json-cache.ts) and fetches only the rows it lacks (findByIdsSqlite). A page
 * of keys also gives `at`, the recipes change counter in the page's own snapshot; where that
 * alone proves the kept texts current (a summarised term's page with nothing waiting for the
 * index: searchSummaries.pageIds) its rows are ids only, without a version.
 */
export type PageShape = 'rows' | 'keys';
export type PageKey = Pick<RecipeKey, 'id'> & Partial<RecipeKey>;
export type PageRow<S extends PageShape> = S extends 'keys' ? PageKey : RecipeRow;
export interface Page<S extends PageShape> { rows: PageRow<S>[]; total: number; at?: number }
const KEY_COLUMNS = ['id', 'version', 'parser_version'] as const;
const COUNTER_COLUMN = RECIPES_COUNTER.as('at');

/** The recipes table with the columns of a page of the given shape. */
function pageSelect(db: Db, shape: PageShape) {
  const from = db.selectFrom('recipes');
  // Typed as whole rows either way; callers read only the columns of their shape.
  return (shape === 'keys' ? from.select([...KEY_COLUMNS, COUNTER_COLUMN]) : from.selectAll()) as SelectQueryBuilder<Database, 'recipes', RecipeRow>;
}

/** A page's counter, from its first row (every row of a keys page carries the same one); undefined if there is none (no counter row). */
const counterOf = (rows: readonly object[]) => {
  const at = (rows[0] as { at?: unknown } | undefined)?.at;
  return typeof at === 'number' ? at : undefined;
};

/**
 * What the repository keeps for one database, between calls: built once per database by the
 * recipes plugin and passed explicitly to the calls that use it. Without one, nothing is
 * remembered and a summary is built on the calling connection.
 */
export class RecipesRepositoryState {
  /** The SQL text of `insert` per set of columns (the same for the database and its transactions). */
  readonly insertSql = new Map<string, string>();
  /** The ids of summarised search terms found so far (summary-terms.ts). */
  readonly summaryTerms = new SummaryTermIds();

  constructor(
    /** SQLite on a file: builds summaries on a worker thread's own connection (summary-builder.ts). */
    readonly summaryBuilder?: Pick<SummaryBuilder, 'build'>,
  ) {}
}

export const recipesRepository = {
  /**
   * One recipe, returned as stored. The hottest write: with `state`, Kysely builds and compiles
   * the statement once per set of columns, later calls only bind the values.
   */
  async insert(db: Db, recipe: NewRecipeRow, state?: RecipesRepositoryState): Promise<RecipeRow> {
    const row = withFolds(recipe);
    // Kysely leaves out columns whose value is undefined; so does the cache key.
    const columns = (Object.keys(row) as (keyof NewRecipeRow)[]).filter((c) => row[c] !== undefined);
    const key = columns.join(',');
    let text = state?.insertSql.get(key);
    if (text === undefined) {
      text = db.insertInto('recipes').values(row).returningAll().compile().sql;
      state?.insertSql.set(key, text);
    }
    const { rows } = await db.executeQuery<RecipeRow>(CompiledQuery.raw(text, columns.map((c) => row[c])));
    if (!rows[0]) throw new Error('insert returned no row');
    return rows[0];
  },

  /** Bulk insert for seeding: one multi-row INSERT per call (callers batch and wrap in a transaction). */
  async insertMany(db: Db, rows: NewRecipeRow[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('recipes').values(rows.map(withFolds)).execute();
  },

  /**
   * SQLite: moves up to `limit` recipes written since the last batch into the FTS5 index (the
   * folded text, migrations 004 and 007) and the search summaries (migration 011), and returns
   * how many. Reads first, so it takes the write lock only when there is something to index.
   */
  async indexPendingSearch(db: Db, limit: number): Promise<number> {
    const pending = await sql<{ any: number }>`SELECT EXISTS (SELECT 1 FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE}) AS any`.execute(db);
    if (!pending.rows[0]?.any) return 0;
    return db.transaction().execute((trx) => this.indexPendingWithin(trx, limit));
  },

  /** The same inside a write transaction the caller already holds (the group commit's, search-index.ts). */
  async indexPendingWithin(trx: Db, limit: number): Promise<number> {
    const batch = await sql<{ last: number | null; n: number }>`SELECT max(id) AS last, count(*) AS n
      FROM (SELECT id FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE} ORDER BY id LIMIT ${limit})`.execute(trx);
    const { last, n } = batch.rows[0]!;
    if (last === null || n === 0) return 0;
    await sql`INSERT INTO recipes_fts(rowid, title, ingredients)
      SELECT id, title, ingredients FROM recipes_search WHERE id > ${NOT_INDEXED_ABOVE} AND id <= ${last}`.execute(trx);
    // FTS5 merges no segments on its own (migration 013): each batch does about as many pages of
    // merge work as it has rows, which keeps the number of segments level (a no-op when no
    // level has enough segments to merge).
    await sql`INSERT INTO recipes_fts(recipes_fts, rank) VALUES ('merge', ${Math.max(FTS_MERGE_MIN_PAGES, n)})`.execute(trx);
    await searchSummaries.addBatch(trx, last);
    await sql`UPDATE recipes_fts_state SET watermark = ${last}`.execute(trx);
    return n;
  },

  /**
   * An upper bound on the recipes waiting for the index: ids above the watermark (deleted ones
   * included). Two lookups, cheap enough for every group commit.
   */
  async pendingSearchAtMost(db: Db): Promise<number> {
    const { rows } = await sql<{ n: number | null }>`SELECT (SELECT max(id) FROM recipes) - ${NOT_INDEXED_ABOVE} AS n`.execute(db);
    return rows[0]?.n ?? 0;
  },

  findById(db: Db, id: number): Promise<RecipeRow | undefined> {
    return db.selectFrom('recipes').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /**
   * SQLite: the recipes with these ids, in no particular order (missing ones left out). One
   * statement text for any number of ids (a JSON array), so it is prepared once.
   */
  async findByIdsSqlite(db: Db, ids: readonly number[]): Promise<{ rows: RecipeRow[]; at?: number }> {
    if (ids.length === 0) return { rows: [] };
    const rows = await db.selectFrom('recipes').selectAll().select(COUNTER_COLUMN)
      .where(sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`).execute();
    return { rows, at: counterOf(rows) };
  },

  /**
   * SQLite: the card columns (recipe-json.ts SUMMARY_COLUMNS) and version of the recipes with
   * these ids, with the snapshot's counter, like findByIdsSqlite but without the heavy columns.
   */
  async findSummariesByIdsSqlite(db: Db, ids: readonly number[]): Promise<{ rows: (SummaryRow & Pick<RecipeRow, 'version'>)[]; at?: number }> {
    if (ids.length === 0) return { rows: [] };
    const rows = await db.selectFrom('recipes').select([...SUMMARY_COLUMNS, 'version']).select(COUNTER_COLUMN)
      .where(sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`).execute();
    return { rows, at: counterOf(rows) };
  },

  /**
   * The page itself: filters, then the sort key with id as tie-breaker, so an index on
   * (sort key, id) yields rows already in order and LIMIT stops the scan early.
   */
  pageQuery(db: Db, dialect: Dialect, f: RecipeFilters, shape: PageShape = 'rows') {
    return orderBySort(applyFilters(pageSelect(db, shape), dialect, f), dialect, f)
      .limit(f.limit).offset(f.offset);
  },

  countQuery(db: Db, dialect: Dialect, f: RecipeFilters) {
    return applyFilters(db.selectFrom('recipes').select((eb) => eb.fn.countAll<number>().as('total')), dialect, f);
  },

  /**
   * SQLite, when the only filters are substring searches of three or more characters: the count
   * from the FTS5 index alone, without reading a row. With the trigram tokenizer a phrase matches
   * exactly the rows holding it as a substring (case folded), so no recheck is needed; the rows
   * not yet indexed are counted by the exact test. About 4× faster than counting through the table.
   */
  indexOnlyCountQuery(db: Db, f: RecipeFilters) {
    const texts = textFilters(f);
    if (f.maxTime !== undefined || f.ownerId !== undefined || f.tags?.length || texts.length === 0 || !texts.every(indexable)) return undefined;
    const match = texts.map((t) => `(${ftsPhrase(t)})`).join(' AND ');
    const tail = texts.reduce((cond, t) => sql`${cond} AND ${exactMatch('sqlite', t)}`, sql`id > ${NOT_INDEXED_ABOVE}`);
    return sql<{ total: number }>`SELECT count(*) AS total FROM (SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${match}
      UNION ALL SELECT id FROM recipes NOT INDEXED WHERE ${tail})`;
  },

  /**
   * SQLite, for searches that match many rows: reads the first `maxRows` rows in sort order (by
   * the sort index; the other filters are written `+column` so SQLite cannot pick their index
   * instead) and keeps the page among those that match. Reading the FTS5 candidates instead would
   * fetch and sort every match (250 ms for 190k matches among 1M rows); this reads a few hundred.
   */
  walkQuery(db: Db, f: RecipeFilters, maxRows: number, shape: PageShape = 'rows') {
    let inner = db.selectFrom('recipes').selectAll();
    if (f.maxTime !== undefined) inner = inner.where(sql<boolean>`+time_minutes <= ${f.maxTime}`);
    if (f.ownerId !== undefined) inner = inner.where(sql<boolean>`+owner_id = ${f.ownerId}`);
    const walked = db.selectFrom(orderBySort(inner, 'sqlite', f).limit(maxRows).as('recipes'));
    let outer = walked.selectAll();
    if (shape === 'keys') outer = walked.select([...KEY_COLUMNS, COUNTER_COLUMN]) as unknown as typeof outer;
    for (const t of textFilters(f)) outer = outer.where(exactMatch('sqlite', t));
    outer = applyTagFilter(outer, f);
    return orderBySort(outer, 'sqlite', f).limit(f.limit).offset(f.offset);
  },

  /**
   * One page of matches and the total number of matches. Two queries rather than
   * count(*) over (): the window count makes the database produce every match before the
   * first row of the page (over 100 ms at 100k recipes), while a separate count can be answered
   * from an index alone. Outside a transaction they run at once (two pooled connections on
   * PostgreSQL); the count may then see a concurrent insert the page does not, which is harmless.
   */
  async findMany<S extends PageShape = 'rows'>(db: Db, dialect: Dialect, f: RecipeFilters, shape?: S, state?: RecipesRepositoryState): Promise<Page<S>> {
    // PostgreSQL reads whole rows whatever the shape (a second round trip for missing rows would cost more than it saves).
    if (dialect === 'sqlite') {
      if (shape !== 'keys') return this.findSqlite(db, f, 'rows', state) as Promise<Page<S>>;
      const fast = await this.summarisedIds(db, f, state);
      if (fast) return fast as Page<S>;
      const page = await this.findSqlite(db, f, 'keys', state);
      return { ...page, at: counterOf(page.rows) } as Page<S>;
    }
    const both = (conn: Db) => Promise.all([this.pageQuery(conn, dialect, f).execute(), this.countQuery(conn, dialect, f).executeTakeFirstOrThrow()]);
    // PostgreSQL underestimates ILIKE's per-row cost and, on small and mid-sized tables, scans
    // every row (10 ms at 5k rows) instead of using the pg_trgm index (under 2 ms). For these
    // two queries only, and only inside their transaction, steer it away from sequential scans.
    const steered = <T>(run: (conn: Db) => Promise<T>) => (f.ingredient !== undefined || f.q !== undefined
      ? db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        return run(trx);
      })
      : run(db));
    // A common term: counted and paged from its search summary (search-postgres.ts, migration 012).
    const summarised = await postgresSearch.findMany(db, f, textFilters(f), () => steered((conn) => this.pageQuery(conn, dialect, f).execute()), state?.summaryTerms);
    if (summarised) return summarised;
    const [rows, count] = await steered(both);
    return { rows, total: Number(count.total) };
  },

  /**
   * SQLite: a listing by the cheapest exact way.
   * - One text filter (with or without max_time; no `mine`, no `tag`): a summarised term (search-summaries.ts,
   *   migration 011) is counted from its per-time counts, and its default-order page read from its
   *   postings. A term not yet summarised is looked at first (at most TRACK_MIN_MATCHES matches
   *   read); if it is that common and there is room, it is summarised now, once.
   * - No text filter, no `mine`, no `tag`: counted from the per-time counts of all recipes.
   * - Otherwise, and for the page when the sort is not created_at: searchSqlite's strategies.
   * Whatever the way, page and total are those of the plain query (test/api/recipes-search-plans.test.ts).
   */
  async findSqlite(db: Db, f: RecipeFilters, shape: PageShape = 'rows', state?: RecipesRepositoryState): Promise<{ rows: RecipeRow[]; total: number }> {
    const texts = textFilters(f);
    if (f.ownerId !== undefined || f.tags?.length || texts.length > 1) return this.searchSqlite(db, f, shape);
    const text = texts[0];
    if (text === undefined) {
      const total = await searchSummaries.countAll(db, f.maxTime);
      if (f.maxTime === undefined) return { rows: f.offset >= total ? [] : await this.pageQuery(db, 'sqlite', f, shape).execute(), total };
      return { rows: await this.pageOf(db, f, total, shape), total };
    }
    const { id, indexedMatches } = await this.summarisedTerm(db, text, state);
    if (id === undefined) {
      // A rare term: the look counted all its indexed matches already (exact: the FTS5 phrase).
      if (indexedMatches === undefined || f.maxTime !== undefined) return this.searchSqlite(db, f, shape);
      const tail = await sql<{ n: number }>`SELECT count(*) AS n FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE} AND ${exactMatch('sqlite', text)}`.execute(db);
      const total = indexedMatches + Number(tail.rows[0]?.n ?? 0);
      return { rows: f.offset >= total ? [] : await this.pageOf(db, f, total, shape), total };
    }
    const total = await searchSummaries.count(db, id, text, f.maxTime);
    if (f.offset >= total) return { rows: [], total };
    const { column, direction } = sortOf(f);
    if (column !== 'created_at') return { rows: await this.pageOf(db, f, total, shape), total };
    return { rows: (await searchSummaries.page(db, id, text, f.maxTime, direction, f.limit, f.offset, shape === 'keys').execute(db)).rows, total };
  },

  /**
   * SQLite, keys: the page of a summarised term in created_at order, without a text filter's
   * other options, as ids from its postings alone (searchSummaries.pageIds), when nothing waits
   * for the index in that snapshot. Undefined when that does not apply (the caller takes the
   * general way), also for an empty page, whose total the postings' rows cannot carry.
   */
  async summarisedIds(db: Db, f: RecipeFilters, state?: RecipesRepositoryState): Promise<Page<'keys'> | undefined> {
    const texts = textFilters(f);
    const { column, direction } = sortOf(f);
    if (column !== 'created_at' || f.ownerId !== undefined || f.tags?.length || texts.length !== 1) return undefined;
    const id = await searchSummaries.find(db, texts[0]!, state?.summaryTerms);
    if (id === undefined) return undefined;
    const { rows } = await searchSummaries.pageIds(db, id, f.maxTime, direction, f.limit, f.offset).execute(db);
    const first = rows[0];
    // Without a counter (its row deleted by hand) bare ids prove nothing: the general way.
    if (first === undefined || first.pending || typeof first.at !== 'number') return undefined;
    return { rows: rows.map((r) => ({ id: r.id })), total: Number(first.total), at: first.at };
  },

  /**
   * The summarised term's id: it already is one, or it is common enough to become one now (if
   * there is room). For a rare term of three or more characters, how many indexed recipes hold it.
   */
  async summarisedTerm(db: Db, text: TextFilter, state?: RecipesRepositoryState): Promise<{ id?: number; indexedMatches?: number }> {
    const known = await searchSummaries.find(db, text, state?.summaryTerms);
    if (known !== undefined) return { id: known };
    const seen = await sql<{ n: number }>`SELECT count(*) AS n FROM (${indexedHolding(text)} LIMIT ${TRACK_MIN_MATCHES})`.execute(db);
    const n = Number(seen.rows[0]?.n ?? 0);
    if (n < TRACK_MIN_MATCHES) return { indexedMatches: indexable(text) ? n : undefined };
    if (!await searchSummaries.hasRoom(db)) return {};
    // On a file, the summary is built by a worker thread on a connection of its own (reading
    // every match holds the thread for up to ~0.7 s at 1M recipes); in memory, here.
    const builder = state?.summaryBuilder;
    const id = builder ? await builder.build(text) : await this.addSummary(db, text);
    return id === undefined ? {} : { id };
  },

  /** Summarises a term on this connection, now (search-summaries.ts `add`); returns its id. */
  addSummary(db: Db, text: TextFilter): Promise<number> {
    return searchSummaries.add(db, text, indexedHolding(text));
  },

  /**
   * SQLite search: the count first, then the page by whichever way reads fewer rows (pageOf).
   * Substring-only searches are counted from the FTS5 index alone.
   */
  async searchSqlite(db: Db, f: RecipeFilters, shape: PageShape = 'rows'): Promise<{ rows: RecipeRow[]; total: number }> {
    const indexOnly = this.indexOnlyCountQuery(db, f);
    const counted = indexOnly ? (await indexOnly.execute(db)).rows[0] : await this.countQuery(db, 'sqlite', f).executeTakeFirst();
    const total = Number(counted?.total ?? 0);
    return { rows: f.offset >= total ? [] : await this.pageOf(db, f, total, shape), total };
  },

  /**
   * SQLite, the page of a listing with `total` matches: sparse matches come from the index of a
   * filter (FTS5 candidates, the time index); dense ones from a walk of the sort index
   * (walkQuery), sized from the match density (recipe ids approximate the number of rows). A walk
   * that finds fewer matches than the page needs (they cluster further down the order) gives way
   * to the plain page query, so the answer is the same either way.
   */
  async pageOf(db: Db, f: RecipeFilters, total: number, shape: PageShape = 'rows'): Promise<RecipeRow[]> {
    const wanted = Math.min(f.limit, total - f.offset);
    if (wanted <= 0) return [];
    // A walk reads at least WALK_HEADROOM × (offset + limit) rows; below that many matches the
    // candidates are always fewer, and the table size need not be asked for.
    const need = (f.offset + f.limit) * WALK_HEADROOM;
    const size = need < total ? (await sql<{ n: number | null }>`SELECT max(id) AS n FROM recipes`.execute(db)).rows[0]?.n ?? 0 : 0;
    const walk = Math.ceil(need * size / total);
    if (need < total && walk <= WALK_MAX_ROWS && walk < total) {
      const rows = await this.walkQuery(db, f, walk, shape).execute();
      if (rows.length === wanted) return rows;
    }
    return this.pageQuery(db, 'sqlite', f, shape).execute();
  },

  /** Updates the given fields; with `expectedVersion`, only if nobody changed the row meanwhile. */
  async update(db: Db, id: number, changes: RecipeUpdate, expectedVersion?: number): Promise<RecipeRow | undefined> {
    let qb = db.updateTable('recipes')
      .set((eb) => ({ ...withFolds(changes), version: eb('version', '+', 1) }))
      .where('id', '=', id);
    if (expectedVersion !== undefined) qb = qb.where('version', '=', expectedVersion);
    return qb.returningAll().executeTakeFirst();
  },

  async delete(db: Db, id: number, expectedVersion?: number): Promise<boolean> {
    let qb = db.deleteFrom('recipes').where('id', '=', id);
    if (expectedVersion !== undefined) qb = qb.where('version', '=', expectedVersion);
    const res = await qb.executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  },
};

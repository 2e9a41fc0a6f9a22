/**
 * SQLite search: the FTS5 trigram index with its unindexed tail (migration 004), the search
 * summaries (migration 011, sqlite-summaries.ts), and a choice of the way to each page by the
 * number of matches. Whatever the way, page and total are those of the plain query
 * (test/api/recipes-search-plans.test.ts).
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, RecipeRow } from '../../../db/tables.js';
import type { Db } from '../../../lib/db.js';
import {
  applyTagFilter,
  countsByDifference,
  hiddenFilter,
  narrowed,
  visibilityFilter,
  orderBySort,
  sortOf,
  textFilters,
  type RecipeFilters,
  type TextFilter,
} from './filters.js';
import { COUNTER_COLUMN, counterOf, KEY_COLUMNS, pageSelect, type Page, type PageShape } from './page.js';
import { exactMatch, ftsPhrase, ftsQuery, indexable, indexedHolding, NOT_INDEXED_ABOVE } from './sqlite-match.js';
import { sqliteSummaries, TRACK_MIN_MATCHES } from './sqlite-summaries.js';
import type { SummaryBuilder } from './summary-builder.js';
import type { SummaryTermIds } from './summary-terms.js';

/**
 * Dense matches: how many rows of the sort order a walk may read before it gives up, and
 * how many times the uniform estimate of what it needs (offset + limit over the match density).
 */
const WALK_MAX_ROWS = 20_000;
const WALK_HEADROOM = 4;

/**
 * What a search keeps for one database, between calls: built once per database by the recipes
 * plugin. Without them, nothing is remembered and a summary is built on the calling connection.
 */
export interface SqliteSearchDeps {
  /** The ids of summarised search terms found so far (summary-terms.ts). */
  summaryTerms?: SummaryTermIds;
  /**
   * Builds summaries in the background (summary-builder.ts): on a file, on a worker thread's own
   * connection. Without one, a summary is built on the calling connection inside the search
   * (scripts and tests that want it built at once).
   */
  summaryBuilder?: Pick<SummaryBuilder, 'request'>;
}

function applyFilters<O>(qb: SelectQueryBuilder<Database, 'recipes', O>, f: RecipeFilters) {
  if (f.maxTime !== undefined) qb = qb.where('time_minutes', '<=', f.maxTime);
  if (f.ownerId !== undefined) qb = qb.where('owner_id', '=', f.ownerId);
  qb = applyTagFilter(qb, f);
  for (const text of textFilters(f)) {
    if (indexable(text)) {
      // The index, plus the rows written since its last batch (migration 004), few and found by
      // rowid. Raw: FTS5's MATCH, and NOT INDEXED, which Kysely's builder cannot write.
      qb = qb.where(
        'id',
        'in',
        sql<number>`(SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${ftsQuery(text)}
        UNION ALL SELECT id FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE})`,
      );
    }
    // The exact check: on its own for short text (the index cannot help), as a recheck otherwise.
    qb = qb.where(exactMatch(text));
  }
  return qb;
}

/**
 * The exact count of a term of three or more characters from indexes alone, for a common term
 * whose summary is not built yet: the FTS5 phrase (exact on folded text) gives the indexed
 * matches, and with max_time the time index (time_minutes, id), covering, keeps those within it,
 * scanning whichever side of max_time holds fewer recipes (recipe_time_counts says which) and
 * never reading a row; the unindexed tail is tested exactly. `+id` keeps SQLite from looking each
 * match up in the time index instead (its plan for a wide range: a scan of the index per match).
 * Raw: FTS5's MATCH, INDEXED BY, NOT INDEXED and the unary plus.
 */
async function commonTermCount(db: Db, text: TextFilter, maxTime: number | undefined): Promise<{ total: number; matches: number }> {
  const phrase = sql`SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${ftsPhrase(text)}`;
  const time = maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`;
  const tail = sql`(SELECT count(*) FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE}${time} AND ${exactMatch(text)})`;
  let indexed = sql`(SELECT count(*) FROM (${phrase}))`;
  if (maxTime !== undefined) {
    const { rows } = await sql<{
      within: number;
      all: number;
    }>`SELECT coalesce(sum(CASE WHEN time_minutes <= ${maxTime} THEN n END), 0) AS within,
      coalesce(sum(n), 0) AS "all" FROM recipe_time_counts`.execute(db);
    const { within = 0, all = 0 } = rows[0] ?? {};
    const inRange = (range: RawBuilder<boolean>) =>
      sql`(SELECT count(*) FROM recipes INDEXED BY recipes_time_idx WHERE ${range} AND +id IN (${phrase}))`;
    indexed =
      within * 2 <= all
        ? inRange(sql<boolean>`time_minutes <= ${maxTime}`)
        : sql`(${indexed} - ${inRange(sql<boolean>`time_minutes > ${maxTime}`)} - ${inRange(sql<boolean>`time_minutes IS NULL`)})`;
  }
  const { rows } = await sql<{ total: number; matches: number }>`SELECT ${indexed} + ${tail} AS total,
    ${maxTime === undefined ? sql`NULL` : sql`(SELECT count(*) FROM (${phrase}))`} AS matches`.execute(db);
  const total = Number(rows[0]?.total ?? 0);
  return { total, matches: maxTime === undefined ? total : Number(rows[0]?.matches ?? 0) };
}

export class SqliteSearch {
  readonly keyPages = true;

  constructor(private readonly deps: SqliteSearchDeps = {}) {}

  /**
   * The page itself: filters, then the sort key with id as tie-breaker, so an index on
   * (sort key, id) yields rows already in order and LIMIT stops the scan early.
   */
  pageQuery(db: Db, f: RecipeFilters, shape: PageShape = 'rows') {
    return orderBySort(applyFilters(pageSelect(db, shape), f), 'sqlite', f)
      .limit(f.limit)
      .offset(f.offset);
  }

  countQuery(db: Db, f: RecipeFilters) {
    return applyFilters(
      db.selectFrom('recipes').select((eb) => eb.fn.countAll<number>().as('total')),
      f,
    );
  }

  /**
   * How many recipes match `f` but are hidden from its caller: read from the non-public rows only
   * (hiddenFilter). `summarised`: the id of the summary of `f`'s one text filter, if it has one
   * (the caller has looked it up): then each non-public row is probed in its postings.
   */
  async hiddenCount(db: Db, f: RecipeFilters, summarised?: number): Promise<number> {
    if (!f.visibleTo) return 0;
    const text = textFilters(f)[0];
    if (summarised !== undefined && text) {
      const { rows } = await sqliteSummaries.hiddenCount(summarised, text, f.maxTime, hiddenFilter(f.visibleTo)).execute(db);
      return Number(rows[0]?.total ?? 0);
    }
    let query = applyFilters(
      db
        .selectFrom('recipes')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(hiddenFilter(f.visibleTo)),
      { ...f, visibleTo: undefined, maxTime: undefined },
    );
    // `+time_minutes`: the partial index of the non-public rows must drive this count. Given
    // max_time, SQLite would rather take the time index and read every recipe under it (a
    // second at 1M recipes, against a tenth of that for 20,000 non-public ones).
    if (f.maxTime !== undefined) query = query.where(sql<boolean>`+time_minutes <= ${f.maxTime}`);
    return Number((await query.executeTakeFirst())?.total ?? 0);
  }

  /**
   * When the only filters are substring searches of three or more characters: the count
   * from the FTS5 index alone, without reading a row. With the trigram tokenizer a phrase matches
   * exactly the rows holding it as a substring (case folded), so no recheck is needed; the rows
   * not yet indexed are counted by the exact test. About 4× faster than counting through the table.
   * Raw: FTS5's MATCH and NOT INDEXED.
   */
  indexOnlyCountQuery(f: RecipeFilters) {
    const texts = textFilters(f);
    if (f.maxTime !== undefined || narrowed(f) || texts.length === 0 || !texts.every(indexable)) return undefined;
    const match = texts.map((t) => `(${ftsPhrase(t)})`).join(' AND ');
    const tail = texts.reduce((cond, t) => sql`${cond} AND ${exactMatch(t)}`, sql`id > ${NOT_INDEXED_ABOVE}`);
    return sql<{ total: number }>`SELECT count(*) AS total FROM (SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${match}
      UNION ALL SELECT id FROM recipes NOT INDEXED WHERE ${tail})`;
  }

  /**
   * For searches that match many rows: reads the first `maxRows` rows in sort order (by
   * the sort index; the other filters are written `+column` so SQLite cannot pick their index
   * instead; raw, as the builder cannot write the unary plus) and keeps the page among those that
   * match. Reading the FTS5 candidates instead would fetch and sort every match (250 ms for 190k
   * matches among 1M rows); this reads a few hundred.
   */
  walkQuery(db: Db, f: RecipeFilters, maxRows: number, shape: PageShape = 'rows') {
    let inner = db.selectFrom('recipes').selectAll();
    if (f.maxTime !== undefined) inner = inner.where(sql<boolean>`+time_minutes <= ${f.maxTime}`);
    if (f.ownerId !== undefined) inner = inner.where(sql<boolean>`+owner_id = ${f.ownerId}`);
    const walked = db.selectFrom(orderBySort(inner, 'sqlite', f).limit(maxRows).as('recipes'));
    let outer = walked.selectAll();
    if (shape === 'keys') outer = walked.select([...KEY_COLUMNS, COUNTER_COLUMN]) as unknown as typeof outer;
    for (const t of textFilters(f)) outer = outer.where(exactMatch(t));
    outer = applyTagFilter(outer, f);
    return orderBySort(outer, 'sqlite', f).limit(f.limit).offset(f.offset);
  }

  /**
   * One page of matches and the total number of matches. With `keys`, a summarised term's page
   * may come as bare ids from its postings (summarisedIds), with the snapshot's counter.
   */
  async findMany<S extends PageShape = 'rows'>(db: Db, f: RecipeFilters, shape?: S): Promise<Page<S>> {
    if (shape !== 'keys') return this.find(db, f, 'rows') as Promise<Page<S>>;
    const fast = await this.summarisedIds(db, f);
    if (fast) return fast as Page<S>;
    const page = await this.find(db, f, 'keys');
    return { ...page, at: counterOf(page.rows) } as Page<S>;
  }

  /**
   * A listing by the cheapest exact way.
   * - One text filter (with or without max_time; no `mine`, no `tag`): a summarised term (sqlite-summaries.ts,
   *   migration 011) is counted from its per-time counts, and its default-order page read from its
   *   postings. A term not yet summarised is looked at first (at most TRACK_MIN_MATCHES matches
   *   read); if it is that common and there is room, its summary is asked for in the background
   *   and this search is answered the general way (`search`), exactly, without waiting for it.
   * - No text filter, no `mine`, no `tag`: counted from the per-time counts of all recipes.
   * - Otherwise, and for the page when the sort is not created_at: search's strategies.
   */
  async find(db: Db, f: RecipeFilters, shape: PageShape = 'rows'): Promise<{ rows: RecipeRow[]; total: number }> {
    if (countsByDifference(f)) {
      // Every match counted the fast way (no page: limit 0), less the matches hidden from the caller.
      const { total: all } = await this.find(db, { ...f, visibleTo: undefined, limit: 0 }, shape);
      // One text filter alone (no `mine`, no `tag`) with a summary: the hidden part and the page from it.
      const texts = textFilters(f);
      const summarised =
        texts.length === 1 && f.ownerId === undefined && !f.tags?.length
          ? await sqliteSummaries.find(db, texts[0]!, this.deps.summaryTerms)
          : undefined;
      const total = all - (await this.hiddenCount(db, f, summarised));
      if (f.offset >= total) return { rows: [], total };
      const page = summarised === undefined ? undefined : await this.visibleSummaryPage(db, f, summarised);
      return { rows: page ?? (await this.pageOf(db, f, total, shape)), total };
    }
    const texts = textFilters(f);
    if (narrowed(f) || texts.length > 1) return this.search(db, f, shape);
    const text = texts[0];
    if (text === undefined) {
      const total = await sqliteSummaries.countAll(db, f.maxTime);
      if (f.maxTime === undefined) return { rows: f.offset >= total ? [] : await this.pageQuery(db, f, shape).execute(), total };
      return { rows: await this.pageOf(db, f, total, shape), total };
    }
    const { id, indexedMatches, common } = await this.summarisedTerm(db, text);
    if (id === undefined && common && indexable(text)) {
      // Its summary is being built: counted from the FTS5 index and the time index alone; the
      // page from a walk of the sort index that stops at the page, unless reading every match of
      // the term (the candidates) would read fewer rows.
      const { total, matches } = await commonTermCount(db, text, f.maxTime);
      return { rows: f.offset >= total ? [] : await this.pageOf(db, f, total, shape, matches, Math.max(WALK_MAX_ROWS, matches)), total };
    }
    if (id === undefined) {
      // A rare term: the look counted all its indexed matches already (exact: the FTS5 phrase).
      if (indexedMatches === undefined || f.maxTime !== undefined) return this.search(db, f, shape);
      // Raw: NOT INDEXED, which the builder cannot write.
      const tail = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE} AND ${exactMatch(text)}`.execute(db);
      const total = indexedMatches + Number(tail.rows[0]?.n ?? 0);
      return { rows: f.offset >= total ? [] : await this.pageOf(db, f, total, shape), total };
    }
    const total = await sqliteSummaries.count(db, id, text, f.maxTime);
    if (f.offset >= total) return { rows: [], total };
    const { column, direction } = sortOf(f);
    if (column !== 'created_at') return { rows: await this.pageOf(db, f, total, shape), total };
    return {
      rows: (await sqliteSummaries.page(db, id, text, f.maxTime, direction, f.limit, f.offset, shape === 'keys').execute(db)).rows,
      total,
    };
  }

  /**
   * The page of a summarised term in created_at order for a caller some recipes are hidden
   * from: its postings, each checked against its recipe's visibility, until the page is full.
   * A walk of the sort index would read a recipe for every posting of a rare max_time; this
   * reads about the page's rows. Undefined when that does not apply.
   */
  async visibleSummaryPage(db: Db, f: RecipeFilters, id: number): Promise<RecipeRow[] | undefined> {
    const text = textFilters(f)[0];
    const { column, direction } = sortOf(f);
    if (column !== 'created_at' || !f.visibleTo || !text) return undefined;
    const { rows } = await sqliteSummaries
      .page(db, id, text, f.maxTime, direction, f.limit, f.offset, false, visibilityFilter(f.visibleTo))
      .execute(db);
    return rows;
  }

  /**
   * Keys: the page of a summarised term in created_at order, without a text filter's
   * other options, as ids from its postings alone (sqliteSummaries.pageIds), when nothing waits
   * for the index in that snapshot. Undefined when that does not apply (the caller takes the
   * general way), also for an empty page, whose total the postings' rows cannot carry.
   */
  async summarisedIds(db: Db, f: RecipeFilters): Promise<Page<'keys'> | undefined> {
    const texts = textFilters(f);
    const { column, direction } = sortOf(f);
    if (column !== 'created_at' || narrowed(f) || texts.length !== 1) return undefined;
    const id = await sqliteSummaries.find(db, texts[0]!, this.deps.summaryTerms);
    if (id === undefined) return undefined;
    const { rows } = await sqliteSummaries.pageIds(db, id, f.maxTime, direction, f.limit, f.offset).execute(db);
    const first = rows[0];
    // Without a counter (its row deleted by hand) bare ids prove nothing: the general way.
    if (first === undefined || first.pending || typeof first.at !== 'number') return undefined;
    return { rows: rows.map((r) => ({ id: r.id })), total: Number(first.total), at: first.at };
  }

  /**
   * The summarised term's id, if it is one. A term common enough to become one (and there is
   * room) is asked of the builder, which builds it in the background: the caller goes on without
   * it. For a rare term of three or more characters, how many indexed recipes hold it.
   */
  async summarisedTerm(db: Db, text: TextFilter): Promise<{ id?: number; indexedMatches?: number; common?: boolean }> {
    const known = await sqliteSummaries.find(db, text, this.deps.summaryTerms);
    if (known !== undefined) return { id: known };
    const seen = await sql<{ n: number }>`SELECT count(*) AS n FROM (${indexedHolding(text)} LIMIT ${TRACK_MIN_MATCHES})`.execute(db);
    const n = Number(seen.rows[0]?.n ?? 0);
    if (n < TRACK_MIN_MATCHES) return { indexedMatches: indexable(text) ? n : undefined };
    if (!(await sqliteSummaries.hasRoom(db))) return { common: true };
    // Reading every match takes up to ~0.7 s at 1M recipes: no search waits for that. On a file
    // a worker thread builds it on a connection of its own (summary-builder.ts).
    const builder = this.deps.summaryBuilder;
    if (builder) {
      builder.request(text);
      return { common: true };
    }
    return { id: await sqliteSummaries.addTerm(db, text) };
  }

  /**
   * The count first, then the page by whichever way reads fewer rows (pageOf).
   * Substring-only searches are counted from the FTS5 index alone.
   */
  async search(db: Db, f: RecipeFilters, shape: PageShape = 'rows'): Promise<{ rows: RecipeRow[]; total: number }> {
    const indexOnly = this.indexOnlyCountQuery(f);
    const counted = indexOnly ? (await indexOnly.execute(db)).rows[0] : await this.countQuery(db, f).executeTakeFirst();
    const total = Number(counted?.total ?? 0);
    return { rows: f.offset >= total ? [] : await this.pageOf(db, f, total, shape), total };
  }

  /**
   * The page of a listing with `total` matches: sparse matches come from the index of a
   * filter (FTS5 candidates, the time index); dense ones from a walk of the sort index
   * (walkQuery), sized from the match density (recipe ids approximate the number of rows). A walk
   * that finds fewer matches than the page needs (they cluster further down the order) gives way
   * to the plain page query, so the answer is the same either way. `candidates` is how many rows
   * the plain page query would read (by default the matches; for a common term being summarised,
   * every recipe holding the term, whatever max_time), and a walk reads at most `maxWalk` rows.
   */
  async pageOf(
    db: Db,
    f: RecipeFilters,
    total: number,
    shape: PageShape = 'rows',
    candidates = total,
    maxWalk = WALK_MAX_ROWS,
  ): Promise<RecipeRow[]> {
    const wanted = Math.min(f.limit, total - f.offset);
    if (wanted <= 0) return [];
    // A walk reads at least WALK_HEADROOM × (offset + limit) rows; below that many matches the
    // candidates are always fewer, and the table size need not be asked for.
    const need = (f.offset + f.limit) * WALK_HEADROOM;
    const size =
      need < total
        ? ((
            await db
              .selectFrom('recipes')
              .select((eb) => eb.fn.max('id').as('n'))
              .executeTakeFirst()
          )?.n ?? 0)
        : 0;
    const walk = Math.ceil((need * size) / total);
    if (need < total && walk <= maxWalk && walk < candidates) {
      const rows = await this.walkQuery(db, f, walk, shape).execute();
      if (rows.length === wanted) return rows;
    }
    return this.pageQuery(db, f, shape).execute();
  }
}

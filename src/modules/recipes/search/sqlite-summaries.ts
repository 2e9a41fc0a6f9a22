/**
 * SQLite: search summaries (migration 011), the SQL behind exact counts and pages of common
 * searches that do not visit every match.
 *
 * - `recipe_time_counts`: how many indexed recipes have each time_minutes. A listing without a
 *   text filter is counted from it (a few hundred rows at most) instead of counting the table.
 * - `search_terms`: folded terms (with the columns they search) common enough to be worth it; a
 *   term is taken in by its first search that finds at least TRACK_MIN_MATCHES recipes.
 * - `search_term_counts`: per term and time_minutes, how many indexed recipes match: the count
 *   of `ingredient=X&max_time=T` sums at most a few hundred rows, whatever the number of matches.
 * - `search_postings`: per term, the matching recipes in `created_at` order with their time: the
 *   default page reads offset + limit postings (divided by the share that passes max_time).
 *
 * Like the FTS5 index they cover the recipes up to the watermark (migration 004); the few
 * written since are added exactly from the table (`id > watermark`), in the same statement. The
 * batch that moves rows into the FTS5 index adds them here too (addBatch), and triggers keep
 * indexed rows exact on update and delete, so counts are exact, never estimates.
 */
import { sql, type RawBuilder } from 'kysely';
import { findSummaryTerm, type SummaryTermIds } from './summary-terms.js';
import type { RecipeRow } from '../../../db/tables.js';
import { withSqliteSearch, type Db } from '../../../lib/db.js';
import { RECIPES_COUNTER } from './page.js';
import { indexedHolding, NOT_INDEXED_ABOVE as WATERMARK } from './sqlite-match.js';
import { UNKNOWN_TIME_KEY } from '../../../db/migrations/017-unknown-time.js';

/**
 * A recipe's time as the summary tables key it: an unknown time (NULL) under UNKNOWN_TIME_KEY,
 * since their keys cannot hold NULL (migration 017); it is above every max_time, so no
 * `time_minutes <= max_time` of a summary ever counts it.
 */
const TIME_KEY = sql.raw(`coalesce(time_minutes, ${UNKNOWN_TIME_KEY})`);

export interface SummaryText {
  term: string;
  columns: 'ingredients' | 'title ingredients';
}

/** A search whose first look finds at least this many matches is summarised (below, the index is cheap). */
export const TRACK_MIN_MATCHES = 256;
/** At most this many terms, and postings at most POSTINGS_PER_RECIPE × the number of recipes. */
export const MAX_TERMS = 1000;
export const POSTINGS_PER_RECIPE = 16;

/** The match of a term against the folded text of `r` (migration 007), the same test as everywhere else. */
const termMatches = (
  r: string,
  term: RawBuilder<unknown>,
  columns: RawBuilder<unknown>,
) => sql`(instr(coalesce(${sql.raw(r)}.search_ingredients, lower(${sql.raw(r)}.ingredients)), ${term}) > 0
  OR (${columns} = 'title ingredients' AND instr(coalesce(${sql.raw(r)}.search_title, lower(${sql.raw(r)}.title)), ${term}) > 0))`;

export const sqliteSummaries = {
  /** The summarised term's id, if it is one (with `remembered`, remembered once found: summary-terms.ts). */
  find(db: Db, t: SummaryText, remembered?: SummaryTermIds): Promise<number | undefined> {
    return findSummaryTerm(db, t, remembered);
  },

  /** True while there is room for another term (see MAX_TERMS and POSTINGS_PER_RECIPE). */
  async hasRoom(db: Db): Promise<boolean> {
    const { rows } = await sql<{ terms: number; postings: number; recipes: number }>`SELECT count(*) AS terms,
      coalesce(sum(postings), 0) AS postings, (SELECT coalesce(max(id), 0) FROM recipes) AS recipes FROM search_terms`.execute(db);
    const r = rows[0];
    return r !== undefined && r.terms < MAX_TERMS && r.postings < POSTINGS_PER_RECIPE * r.recipes;
  },

  /**
   * Summarises a term: its postings and counts over every indexed recipe, in one write
   * transaction (so no batch moves the watermark meanwhile). `indexed` selects the ids of the
   * indexed recipes that hold the term (the FTS5 phrase, or the exact test for short terms). Returns the
   * term's id; a term another process summarised first is simply returned.
   */
  async add(db: Db, t: SummaryText, indexed: RawBuilder<unknown>): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const existing = await this.find(trx, t);
      if (existing !== undefined) return existing;
      const { id } = await withSqliteSearch(trx)
        .insertInto('search_terms')
        .values({ columns: t.columns, term: t.term, postings: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`INSERT INTO search_postings (term_id, created_at, id, time_minutes)
        SELECT ${id}, created_at, id, ${TIME_KEY} FROM recipes WHERE id IN (${indexed}) ORDER BY created_at, id`.execute(trx);
      await sql`INSERT INTO search_term_counts (term_id, time_minutes, n)
        SELECT ${id}, time_minutes, count(*) FROM search_postings WHERE term_id = ${id} GROUP BY time_minutes`.execute(trx);
      await sql`UPDATE search_terms SET postings = (SELECT coalesce(sum(n), 0) FROM search_term_counts WHERE term_id = ${id}) WHERE id = ${id}`.execute(
        trx,
      );
      return id;
    });
  },

  /** Summarises a term on this connection, now (`add` over the indexed recipes holding it); returns its id. */
  addTerm(db: Db, t: SummaryText): Promise<number> {
    return this.add(db, t, indexedHolding(t));
  },

  /**
   * Inside the indexing batch, before the watermark moves to `last`: adds the recipes above the
   * watermark up to `last` to the time counts, and to every summarised term they match.
   */
  async addBatch(trx: Db, last: number): Promise<void> {
    await sql`INSERT INTO recipe_time_counts (time_minutes, n)
      SELECT ${TIME_KEY}, count(*) FROM recipes NOT INDEXED WHERE id > ${WATERMARK} AND id <= ${last} GROUP BY 1
      ON CONFLICT (time_minutes) DO UPDATE SET n = n + excluded.n`.execute(trx);
    const terms = await sql<{ any: number }>`SELECT EXISTS (SELECT 1 FROM search_terms) AS any`.execute(trx);
    if (!terms.rows[0]?.any) return;
    await sql`CREATE TEMP TABLE IF NOT EXISTS batch_postings (term_id INTEGER, created_at TEXT, id INTEGER, time_minutes INTEGER)`.execute(
      trx,
    );
    await sql`DELETE FROM temp.batch_postings`.execute(trx);
    // Each new recipe's folded text is computed once (MATERIALIZED), then tested against every term.
    await sql`INSERT INTO temp.batch_postings (term_id, created_at, id, time_minutes)
      WITH r AS MATERIALIZED (SELECT id, created_at, ${TIME_KEY} AS time_minutes, coalesce(search_ingredients, lower(ingredients)) AS ingredients,
        coalesce(search_title, lower(title)) AS title FROM recipes NOT INDEXED WHERE id > ${WATERMARK} AND id <= ${last})
      SELECT t.id, r.created_at, r.id, r.time_minutes FROM r JOIN search_terms t
        ON instr(r.ingredients, t.term) > 0 OR (t.columns = 'title ingredients' AND instr(r.title, t.term) > 0)`.execute(trx);
    await sql`INSERT INTO search_postings (term_id, created_at, id, time_minutes)
      SELECT term_id, created_at, id, time_minutes FROM temp.batch_postings WHERE true ORDER BY term_id, created_at, id`.execute(trx);
    await sql`INSERT INTO search_term_counts (term_id, time_minutes, n)
      SELECT term_id, time_minutes, count(*) FROM temp.batch_postings WHERE true GROUP BY term_id, time_minutes
      ON CONFLICT (term_id, time_minutes) DO UPDATE SET n = n + excluded.n`.execute(trx);
    await sql`UPDATE search_terms SET postings = postings + (SELECT count(*) FROM temp.batch_postings b WHERE b.term_id = search_terms.id)
      WHERE id IN (SELECT term_id FROM temp.batch_postings)`.execute(trx);
    await sql`DELETE FROM temp.batch_postings`.execute(trx);
  },

  /** Every recipe (with time_minutes <= maxTime): the time counts plus the unindexed tail, in one statement. */
  async countAll(db: Db, maxTime: number | undefined): Promise<number> {
    const time = maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`;
    const { rows } = await sql<{ total: number }>`SELECT
      coalesce((SELECT sum(n) FROM recipe_time_counts WHERE true${time}), 0)
      + (SELECT count(*) FROM recipes NOT INDEXED WHERE id > ${WATERMARK}${time}) AS total`.execute(db);
    return Number(rows[0]?.total ?? 0);
  },

  /** A summarised term's matches (with time_minutes <= maxTime): its counts plus the matches in the unindexed tail. */
  async count(db: Db, id: number, t: SummaryText, maxTime: number | undefined): Promise<number> {
    const time = maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`;
    const { rows } = await sql<{ total: number }>`SELECT
      coalesce((SELECT sum(n) FROM search_term_counts WHERE term_id = ${id}${time}), 0)
      + (SELECT count(*) FROM recipes AS r NOT INDEXED WHERE id > ${WATERMARK}${time} AND ${termMatches('r', sql`${t.term}`, sql`${t.columns}`)}) AS total`.execute(
      db,
    );
    return Number(rows[0]?.total ?? 0);
  },

  /**
   * How many of a summarised term's matches (time_minutes <= maxTime) `hidden` hides: the
   * indexed ones from the partial index of non-public recipes (migration 025), each probed in the
   * term's postings by their key, plus the unindexed tail's. Raw: a correlated EXISTS and NOT INDEXED.
   */
  hiddenCount(id: number, t: SummaryText, maxTime: number | undefined, hidden: RawBuilder<boolean>) {
    // `+time_minutes`: the time index must not drive it (it would read every recipe under max_time).
    const time = maxTime === undefined ? sql`` : sql` AND +h.time_minutes <= ${maxTime}`;
    const tailTime = maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`;
    return sql<{ total: number }>`SELECT
      (SELECT count(*) FROM recipes AS h WHERE ${hidden}${time} AND +h.id <= ${WATERMARK}
        AND EXISTS (SELECT 1 FROM search_postings AS p WHERE p.term_id = ${id} AND p.created_at = h.created_at AND p.id = h.id))
      + (SELECT count(*) FROM recipes AS r NOT INDEXED WHERE id > ${WATERMARK}${tailTime} AND ${hidden} AND ${termMatches('r', sql`${t.term}`, sql`${t.columns}`)}) AS total`;
  },

  /**
   * A page of a summarised term in created_at order: its postings (read along the key, which
   * is already that order) merged with the unindexed tail's matches, in one statement (one
   * snapshot, so a batch committing meanwhile cannot move a row from one side to the other).
   * With `keysOnly`, only id, version and parser_version of each row, and `at` (page.ts PageShape).
   */
  page(
    db: Db,
    id: number,
    t: SummaryText,
    maxTime: number | undefined,
    direction: 'asc' | 'desc',
    limit: number,
    offset: number,
    keysOnly = false,
    visible?: RawBuilder<boolean>,
  ) {
    const time = maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`;
    const dir = sql.raw(direction);
    // `visible` (a condition on the recipe's own columns): each posting is checked against its
    // recipe, in key order, so a page reads about its own rows when few recipes are hidden.
    const postings = visible
      ? sql`SELECT p.created_at, p.id FROM search_postings AS p JOIN recipes AS v ON v.id = p.id WHERE p.term_id = ${id}${
          maxTime === undefined ? sql`` : sql` AND p.time_minutes <= ${maxTime}`
        } AND ${visible}`
      : sql`SELECT created_at, id FROM search_postings WHERE term_id = ${id}${time}`;
    const tailVisible = visible ? sql` AND ${visible}` : sql``;
    // The tail is NOT INDEXED so that it is read by its rowid range (and sorted: it is small),
    // never by walking a whole index; the postings arrive in key order, and SQLite merges the two.
    // keysOnly: the key of each row's stored state and the snapshot's counter (recipe-json-cache.ts), typed as the row.
    const columns = keysOnly ? sql`r.id, r.version, r.parser_version, ${RECIPES_COUNTER} AS at` : sql`r.*`;
    return sql<RecipeRow>`SELECT ${columns} FROM (
        ${postings}
        UNION ALL SELECT created_at, id FROM recipes AS r NOT INDEXED WHERE id > ${WATERMARK}${time} AND ${termMatches('r', sql`${t.term}`, sql`${t.columns}`)}${tailVisible}
        ORDER BY 1 ${dir}, 2 ${dir} LIMIT ${limit} OFFSET ${offset}
      ) AS p JOIN recipes AS r ON r.id = p.id ORDER BY p.created_at ${dir}, p.id ${dir}`;
  },

  /**
   * The cheapest form of `page` (created_at order), for listings that keep recipe texts
   * (recipe-json-cache.ts): the postings alone, without the unindexed tail and without reading
   * the recipes. Each row carries, from the same snapshot, `pending` (recipes are waiting for the
   * index: the tail may hold matches, and the caller must use `count` and `page` instead), `total`
   * (the indexed matches, which without a tail are all of them) and `at` (the recipes change
   * counter: texts checked at that counter are the rows' current state in this snapshot).
   */
  pageIds(db: Db, id: number, maxTime: number | undefined, direction: 'asc' | 'desc', limit: number, offset: number) {
    const time = maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`;
    const dir = sql.raw(direction);
    return sql<{ id: number; at: number; pending: number; total: number }>`SELECT id, ${RECIPES_COUNTER} AS at,
      (SELECT coalesce(max(id), 0) FROM recipes) > ${WATERMARK} AS pending,
      coalesce((SELECT sum(n) FROM search_term_counts WHERE term_id = ${id}${time}), 0) AS total
      FROM search_postings WHERE term_id = ${id}${time} ORDER BY created_at ${dir}, id ${dir} LIMIT ${limit} OFFSET ${offset}`;
  },
};

/**
 * PostgreSQL: search summaries (migration 012), the SQL behind exact counts and pages of common
 * searches that do not visit every match.
 *
 * `EXPLAIN (ANALYZE, BUFFERS)` at 1M recipes showed where a common search went: the pg_trgm GIN
 * index finds the candidates of `ingredient=garlic` (about 12% of the rows) cheaply, but the
 * exact count must recheck every one of them on the heap (a bitmap heap scan over most of the
 * table's pages), and the default page must fetch and sort them all by created_at.
 *
 * A term is summarised once a search finds it has at least TRACK_MIN_MATCHES matches (in the
 * background: summary-builder.ts; the search goes the plain way meanwhile), or a warm-up finds it
 * common in the data (summary-warmup.ts): its postings (matches in created_at order, with their time) and per-time counts are written in
 * one transaction that holds a lock excluding writers of recipes (SHARE ROW EXCLUSIVE: it waits for
 * the writers in flight and makes new ones wait, at most the build's time, once per term). From
 * then on the triggers of migration 012 keep them exact in the transaction of every write, so:
 * - `ingredient=X&max_time=T` is counted by summing the term's count rows up to T (a few hundred);
 * - its default-order page reads offset + limit postings within T from the postings' index
 *   (the time is in the index) and joins the 20 recipes.
 * Counts are exact, never estimates (test/api/recipes-search-plans-postgres.test.ts compares
 * every answer with the plain query, after writes and with concurrent writers).
 */
import { sql } from 'kysely';
import { findSummaryTerm, type SummaryTermIds } from './summary-terms.js';
import type { SummaryBuilder } from './summary-builder.js';
import type { RecipeRow } from '../../../db/tables.js';
import { withPostgresSearch, type Db } from '../../../lib/db.js';
import { FOLDED_INGREDIENTS, FOLDED_TITLE, type RecipeFilters } from './filters.js';

export interface PostgresSearchText {
  term: string;
  columns: 'ingredients' | 'title ingredients';
}

/** A search whose first look finds at least this many matches is summarised (below, the GIN index is cheap). */
export const TRACK_MIN_MATCHES = 256;
/** At most this many terms, and postings at most POSTINGS_PER_RECIPE × the number of recipes. */
export const MAX_TERMS = 1000;
export const POSTINGS_PER_RECIPE = 16;
/** A term's count rows are folded into one per time once there are this many (each write adds one). */
export const COMPACT_ABOVE = 1000;
/** The summary build waits at most this long for writers in flight; otherwise the search goes the plain way. */
const BUILD_LOCK_TIMEOUT = '2s';

/** The LIKE pattern of a literal substring (backslash is PostgreSQL's default LIKE escape). */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The exact match of a term on the folded text of a recipe (migration 007): the plain query's
 * test, and the summary build's. Raw: the expression must be the one the pg_trgm indexes are built on.
 */
export function matches(t: PostgresSearchText) {
  const pattern = likePattern(t.term);
  return t.columns === 'ingredients'
    ? sql<boolean>`${FOLDED_INGREDIENTS} LIKE ${pattern}`
    : sql<boolean>`(${FOLDED_TITLE} LIKE ${pattern} OR ${FOLDED_INGREDIENTS} LIKE ${pattern})`;
}

const timeLimit = (maxTime: number | undefined) => (maxTime === undefined ? sql`` : sql` AND time_minutes <= ${maxTime}`);

export const postgresSummaries = {
  /** The summarised term's id, if it is one (with `remembered`, remembered once found: summary-terms.ts). */
  find(db: Db, t: PostgresSearchText, remembered?: SummaryTermIds): Promise<number | undefined> {
    return findSummaryTerm(db, t, remembered);
  },

  /**
   * The term's id when it is summarised, and whether it is common (at least TRACK_MIN_MATCHES
   * matches): a common term without its summary yet is asked of `builder`, which builds it in the
   * background (summary-builder.ts), and is answered meanwhile by the bounded way (postgres.ts);
   * without a builder it is built now, in this call.
   */
  async lookup(
    db: Db,
    t: PostgresSearchText,
    remembered?: SummaryTermIds,
    builder?: Pick<SummaryBuilder, 'request'>,
  ): Promise<{ id?: number; common: boolean }> {
    const known = await this.find(db, t, remembered);
    if (known !== undefined) return { id: known, common: true };
    if (!(await this.common(db, t))) return { common: false };
    if (builder) {
      builder.request(t);
      return { common: true };
    }
    return { id: await this.build(db, t), common: true };
  },

  /** Whether at least TRACK_MIN_MATCHES recipes hold the term (at most that many read, through the trigram index). */
  async common(db: Db, t: PostgresSearchText): Promise<boolean> {
    const seen = await db.transaction().execute(async (trx) => {
      // As in postgres.ts findMany: the planner would rather scan every row than the trigram index.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return sql<{
        n: string;
      }>`SELECT count(*) AS n FROM (SELECT 1 FROM recipes WHERE ${matches(t)} LIMIT ${TRACK_MIN_MATCHES}) AS m`.execute(trx);
    });
    return Number(seen.rows[0]?.n ?? 0) >= TRACK_MIN_MATCHES;
  },

  /** `add`, where writers holding the lock past BUILD_LOCK_TIMEOUT give undefined (the next search asks again). */
  async build(db: Db, t: PostgresSearchText): Promise<number | undefined> {
    try {
      return await this.add(db, t);
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') return undefined; // lock_timeout: writers busy, try another time
      throw err;
    }
  },

  /**
   * Summarises a term: its postings and counts over every recipe, while no writer of recipes is
   * in flight (the lock), so that no write is missed by both the build and the triggers. The
   * lock mode conflicts with itself: builds run one at a time. Returns undefined without room.
   */
  async add(db: Db, t: PostgresSearchText): Promise<number | undefined> {
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL lock_timeout = ${sql.lit(BUILD_LOCK_TIMEOUT)}`.execute(trx);
      await sql`LOCK TABLE recipes IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      const existing = await this.find(trx, t);
      if (existing !== undefined) return existing;
      const room = await sql<{ terms: string; postings: string; recipes: string }>`SELECT (SELECT count(*) FROM search_terms) AS terms,
        (SELECT coalesce(sum(n), 0) FROM search_term_counts) AS postings, (SELECT coalesce(max(id), 0) FROM recipes) AS recipes`.execute(
        trx,
      );
      const r = room.rows[0]!;
      if (Number(r.terms) >= MAX_TERMS || Number(r.postings) >= POSTINGS_PER_RECIPE * Number(r.recipes)) return undefined;
      const { id } = await withPostgresSearch(trx)
        .insertInto('search_terms')
        .values({ columns: t.columns, term: t.term, pattern: likePattern(t.term) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`INSERT INTO search_postings (term_id, created_at, recipe_id, time_minutes)
        SELECT ${id}::int, created_at, id, time_minutes FROM recipes WHERE ${matches(t)} ORDER BY created_at, id`.execute(trx);
      await sql`INSERT INTO search_term_counts (term_id, time_minutes, n)
        SELECT ${id}::int, time_minutes, count(*) FROM search_postings WHERE term_id = ${id} GROUP BY time_minutes`.execute(trx);
      return id;
    });
  },

  /** A summarised term's matches with time_minutes <= maxTime: the sum of its count rows. */
  async count(db: Db, id: number, maxTime: number | undefined): Promise<number> {
    const { rows } = await sql<{ total: string | null; rows: string }>`SELECT sum(n) AS total, count(*) AS rows
      FROM search_term_counts WHERE term_id = ${id}${timeLimit(maxTime)}`.execute(db);
    const total = Number(rows[0]?.total ?? 0);
    if (Number(rows[0]?.rows ?? 0) > COMPACT_ABOVE) await this.compact(db, id);
    return total;
  },

  /**
   * Folds a term's count rows into one per time, in one statement: readers see the rows before
   * or after, never a mix; rows written meanwhile by writers (not yet visible) stay as they are,
   * and of two concurrent compactions each folds only the rows it deleted itself.
   */
  async compact(db: Db, id: number): Promise<void> {
    await sql`WITH gone AS (DELETE FROM search_term_counts WHERE term_id = ${id} RETURNING time_minutes, n)
      INSERT INTO search_term_counts (term_id, time_minutes, n)
      SELECT ${id}::int, time_minutes, sum(n) FROM gone GROUP BY time_minutes HAVING sum(n) <> 0`.execute(db);
  },

  /** A page of a summarised term in created_at order: postings from their index, then the recipes themselves. */
  page(db: Db, id: number, maxTime: number | undefined, direction: 'asc' | 'desc', limit: number, offset: number) {
    const dir = sql.raw(direction);
    return sql<RecipeRow>`SELECT r.* FROM (
        SELECT created_at, recipe_id FROM search_postings WHERE term_id = ${id}${timeLimit(maxTime)}
        ORDER BY created_at ${dir}, recipe_id ${dir} LIMIT ${limit} OFFSET ${offset}
      ) AS p JOIN recipes AS r ON r.id = p.recipe_id ORDER BY p.created_at ${dir}, p.recipe_id ${dir}`.execute(db);
  },

  /**
   * The count and the default-order page of a summarised term in one statement (one round trip
   * and one snapshot): count() and page() above, joined. Returns undefined when the count rows
   * need folding first (then the caller takes the two statements, and count() folds them).
   */
  async countAndPage(db: Db, id: number, maxTime: number | undefined, direction: 'asc' | 'desc', limit: number, offset: number) {
    const dir = sql.raw(direction);
    const { rows } = await sql<RecipeRow & { search_total: string | null; search_count_rows: string }>`WITH c AS (
        SELECT sum(n) AS search_total, count(*) AS search_count_rows FROM search_term_counts WHERE term_id = ${id}${timeLimit(maxTime)}
      ), p AS (
        SELECT created_at AS p_created_at, recipe_id FROM search_postings WHERE term_id = ${id}${timeLimit(maxTime)}
        ORDER BY created_at ${dir}, recipe_id ${dir} LIMIT ${limit} OFFSET ${offset}
      )
      SELECT c.search_total, c.search_count_rows, r.* FROM c LEFT JOIN (p JOIN recipes AS r ON r.id = p.recipe_id) ON true
      ORDER BY p.p_created_at ${dir}, p.recipe_id ${dir}`.execute(db);
    const first = rows[0];
    if (first === undefined || Number(first.search_count_rows) > COMPACT_ABOVE) return undefined;
    const total = Number(first.search_total ?? 0);
    const page: RecipeRow[] = [];
    for (const row of rows) {
      if (row.id === null) continue; // the count's row when the page is empty
      const { search_total: _t, search_count_rows: _n, ...recipe } = row;
      page.push(recipe as RecipeRow);
    }
    return { rows: page, total };
  },

  /**
   * A listing of one text filter (no `mine`, `tag` or visibility) by its term's summary `id`:
   * the total from the counts; the page from the postings in the default order, or from
   * `otherPage` (given the total) for another sort.
   */
  async answer(
    db: Db,
    f: Pick<RecipeFilters, 'maxTime' | 'sort' | 'limit' | 'offset'>,
    id: number,
    otherPage: (total: number) => Promise<RecipeRow[]>,
  ): Promise<{ rows: RecipeRow[]; total: number }> {
    const byDate = f.sort === 'created_at' || f.sort === '-created_at';
    const direction = f.sort.startsWith('-') ? 'desc' : 'asc';
    if (byDate) {
      const both = await this.countAndPage(db, id, f.maxTime, direction, f.limit, f.offset);
      if (both) return both;
    }
    const total = await this.count(db, id, f.maxTime);
    if (f.offset >= total) return { rows: [], total };
    if (!byDate) return { rows: await otherPage(total), total };
    const { rows } = await this.page(db, id, f.maxTime, direction, f.limit, f.offset);
    return { rows, total };
  },
};

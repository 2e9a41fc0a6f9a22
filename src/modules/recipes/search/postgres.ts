/**
 * PostgreSQL search: pg_trgm GIN indexes over the folded text (migrations 001, 003, 007), the
 * search summaries of common terms (migration 012, postgres-summaries.ts), a walk of the sort
 * index for the page of a common term (pageOf), and the plain page and count queries for
 * everything else. The total is a separate count query: a window count would make the database
 * produce every match before the first row of the page.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, RecipeRow } from '../../../db/tables.js';
import type { Db } from '../../../lib/db.js';
import { applyTagFilter, hiddenFilter, orderBySort, textFilters, type RecipeFilters } from './filters.js';
import { pageSelect, type Page, type PageShape } from './page.js';
import { matches, postgresSummaries } from './postgres-summaries.js';
import type { SummaryBuilder } from './summary-builder.js';
import type { SummaryTermIds } from './summary-terms.js';

/** A walk of the sort index reads at most this many recipes, and WALK_HEADROOM times what the match density says the page needs. */
const WALK_MAX_ROWS = 20_000;
const WALK_HEADROOM = 4;

function applyFilters<O>(qb: SelectQueryBuilder<Database, 'recipes', O>, f: RecipeFilters) {
  if (f.maxTime !== undefined) qb = qb.where('time_minutes', '<=', f.maxTime);
  if (f.ownerId !== undefined) qb = qb.where('owner_id', '=', f.ownerId);
  qb = applyTagFilter(qb, f);
  for (const text of textFilters(f)) qb = qb.where(matches(text));
  return qb;
}

export class PostgresSearch {
  /** PostgreSQL reads whole rows whatever the shape (a second round trip for missing rows would cost more than it saves). */
  readonly keyPages = false;

  constructor(private readonly deps: { summaryTerms?: SummaryTermIds; summaryBuilder?: Pick<SummaryBuilder, 'request'> } = {}) {}

  /**
   * The page itself: filters, then the sort key with id as tie-breaker, so an index on
   * (sort key, id) yields rows already in order and LIMIT stops the scan early.
   */
  pageQuery(db: Db, f: RecipeFilters, shape: PageShape = 'rows') {
    return orderBySort(applyFilters(pageSelect(db, shape), f), 'postgres', f)
      .limit(f.limit)
      .offset(f.offset);
  }

  countQuery(db: Db, f: RecipeFilters) {
    return applyFilters(
      db.selectFrom('recipes').select((eb) => eb.fn.countAll<number>().as('total')),
      f,
    );
  }

  /** How many recipes match `f` but are hidden from its caller: read from the non-public rows only (hiddenFilter). */
  async hiddenCount(db: Db, f: RecipeFilters): Promise<number> {
    if (!f.visibleTo) return 0;
    const query = applyFilters(
      db
        .selectFrom('recipes')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(hiddenFilter(f.visibleTo)),
      { ...f, visibleTo: undefined },
    );
    return Number((await query.executeTakeFirst())?.total ?? 0);
  }

  /**
   * For a term that matches many rows: reads the first `maxRows` recipes in sort order (by the
   * sort key's index, which stops there) and keeps the page among those that match. Every filter
   * is applied outside the walk, so the planner has nothing to prefer over the sort index inside.
   * Reading the term's pg_trgm candidates instead would fetch and sort every match.
   */
  walkQuery(db: Db, f: RecipeFilters, maxRows: number) {
    const walked = db.selectFrom(orderBySort(db.selectFrom('recipes').selectAll(), 'postgres', f).limit(maxRows).as('recipes'));
    const outer = applyFilters(walked.selectAll() as unknown as SelectQueryBuilder<Database, 'recipes', RecipeRow>, f);
    return orderBySort(outer, 'postgres', f).limit(f.limit).offset(f.offset);
  }

  /**
   * The page of a listing of `total` matches among a common term's: a walk of the sort index
   * sized from the match density (offset + limit over total, WALK_HEADROOM times, against the
   * highest id as the number of recipes), at most WALK_MAX_ROWS rows; when the matches are too
   * sparse for that, or the walk finds fewer than the page needs (they cluster further down the
   * order), the plain page query, so the answer is the same either way.
   */
  async pageOf(db: Db, f: RecipeFilters, total: number, plainPage: () => Promise<RecipeRow[]>): Promise<RecipeRow[]> {
    const wanted = Math.min(f.limit, total - f.offset);
    if (wanted <= 0) return [];
    const need = (f.offset + f.limit) * WALK_HEADROOM;
    if (need < total) {
      const top = await db
        .selectFrom('recipes')
        .select((eb) => eb.fn.max('id').as('n'))
        .executeTakeFirst();
      const walk = Math.ceil((need * Number(top?.n ?? 0)) / total);
      if (walk <= WALK_MAX_ROWS) {
        const rows = await this.walkQuery(db, f, walk).execute();
        if (rows.length === wanted) return rows;
      }
    }
    return plainPage();
  }

  /**
   * One page of matches and the total number of matches, as two queries rather than
   * count(*) over (). Outside a transaction they run at once (two pooled connections); the count
   * may then see a concurrent insert the page does not, which is harmless.
   *
   * One text filter (no `mine`, no `tag`): a summarised term is counted from its summary
   * (postgres-summaries.ts), less the matches hidden from the caller when some are. A common term
   * whose summary is not built yet is asked of the builder and answered meanwhile by the count
   * alone through pg_trgm (exact: every candidate rechecked, never a sequential scan) and a page
   * that stops at the page (pageOf), never by fetching and sorting every match.
   */
  async findMany<S extends PageShape = 'rows'>(db: Db, f: RecipeFilters, _shape?: S): Promise<Page<S>> {
    // PostgreSQL underestimates ILIKE's per-row cost and, on small and mid-sized tables, scans
    // every row (10 ms at 5k rows) instead of using the pg_trgm index (under 2 ms). For these
    // queries only, and only inside their transaction, steer it away from sequential scans.
    // Raw: a SET statement, which the builder does not write.
    const steered = <T>(run: (conn: Db) => Promise<T>) =>
      f.ingredient !== undefined || f.q !== undefined
        ? db.transaction().execute(async (trx) => {
            await sql`SET LOCAL enable_seqscan = off`.execute(trx);
            return run(trx);
          })
        : run(db);
    const plainPage = () => steered((conn) => this.pageQuery(conn, f).execute());
    const texts = textFilters(f);
    const single = texts.length === 1 && f.ownerId === undefined && !f.tags?.length;
    const look = single
      ? await postgresSummaries.lookup(db, texts[0]!, this.deps.summaryTerms, this.deps.summaryBuilder)
      : { common: false };
    if (look.id !== undefined) {
      const id = look.id;
      if (!f.visibleTo) return (await postgresSummaries.answer(db, f, id, (total) => this.pageOf(db, f, total, plainPage))) as Page<S>;
      // Some recipes hidden from the caller: every match counted from the summary, less the
      // hidden ones (read from the non-public rows only).
      const total = (await postgresSummaries.count(db, id, f.maxTime)) - (await this.hiddenCount(db, f));
      return { rows: await this.pageOf(db, f, total, plainPage), total } as Page<S>;
    }
    if (look.common) {
      const counted = await steered((conn) => this.countQuery(conn, f).executeTakeFirstOrThrow());
      const total = Number(counted.total);
      return { rows: await this.pageOf(db, f, total, plainPage), total } as Page<S>;
    }
    const [rows, count] = await steered((conn) =>
      Promise.all([this.pageQuery(conn, f).execute(), this.countQuery(conn, f).executeTakeFirstOrThrow()]),
    );
    return { rows, total: Number(count.total) } as Page<S>;
  }
}

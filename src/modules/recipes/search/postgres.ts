/**
 * PostgreSQL search: pg_trgm GIN indexes over the folded text (migrations 001, 003, 007), the
 * search summaries of common terms (migration 012, postgres-summaries.ts), and the plain page and
 * count queries for everything else. The total is a separate count query: a window count would
 * make the database produce every match before the first row of the page.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../../db/tables.js';
import type { Db } from '../../../lib/db.js';
import { applyTagFilter, countsByDifference, hiddenFilter, orderBySort, textFilters, type RecipeFilters } from './filters.js';
import { pageSelect, type Page, type PageShape } from './page.js';
import { matches, postgresSummaries } from './postgres-summaries.js';
import type { SummaryBuilder } from './summary-builder.js';
import type { SummaryTermIds } from './summary-terms.js';

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
   * One page of matches and the total number of matches, as two queries rather than
   * count(*) over (). Outside a transaction they run at once (two pooled connections); the count
   * may then see a concurrent insert the page does not, which is harmless.
   */
  async findMany<S extends PageShape = 'rows'>(db: Db, f: RecipeFilters, _shape?: S): Promise<Page<S>> {
    const both = (conn: Db) => Promise.all([this.pageQuery(conn, f).execute(), this.countQuery(conn, f).executeTakeFirstOrThrow()]);
    // PostgreSQL underestimates ILIKE's per-row cost and, on small and mid-sized tables, scans
    // every row (10 ms at 5k rows) instead of using the pg_trgm index (under 2 ms). For these
    // two queries only, and only inside their transaction, steer it away from sequential scans.
    // Raw: a SET statement, which the builder does not write.
    const steered = <T>(run: (conn: Db) => Promise<T>) =>
      f.ingredient !== undefined || f.q !== undefined
        ? db.transaction().execute(async (trx) => {
            await sql`SET LOCAL enable_seqscan = off`.execute(trx);
            return run(trx);
          })
        : run(db);
    // Some recipes hidden from the caller: a common term's matches counted from its summary, less
    // the hidden ones (read from the non-public rows only); the page is the plain query's.
    if (countsByDifference(f) && textFilters(f).length === 1) {
      const everyone = await postgresSummaries.findMany(
        db,
        { ...f, visibleTo: undefined, limit: 0 },
        textFilters(f),
        async () => [],
        this.deps.summaryTerms,
        this.deps.summaryBuilder,
      );
      if (everyone) {
        const total = everyone.total - (await this.hiddenCount(db, f));
        return { rows: f.offset >= total ? [] : await steered((conn) => this.pageQuery(conn, f).execute()), total } as Page<S>;
      }
    }
    // A common term: counted and paged from its search summary (postgres-summaries.ts, migration 012).
    const summarised = await postgresSummaries.findMany(
      db,
      f,
      textFilters(f),
      () => steered((conn) => this.pageQuery(conn, f).execute()),
      this.deps.summaryTerms,
      this.deps.summaryBuilder,
    );
    if (summarised) return summarised as Page<S>;
    const [rows, count] = await steered(both);
    return { rows, total: Number(count.total) } as Page<S>;
  }
}

/** All SQL about recipes. Takes the Kysely instance (or a transaction) first; never sees HTTP. */
import { CompiledQuery, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, NewRecipeRow, RecipeRow, RecipeUpdate } from '../../db/tables.js';
import type { RecipeSort } from './recipes.schemas.js';
import { hasAllTags } from '../tags/tags.repository.js';

type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

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

const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);
const ftsString = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * An FTS5 query over a trigram index for a literal substring. For ASCII text it ANDs the
 * substring's trigrams, which FTS5 answers several times faster than a phrase, and the caller
 * rechecks the candidates with instr() (as pg_trgm rechecks); other text uses the exact phrase,
 * because only FTS5 folds non-ASCII case the way the index does.
 */
function ftsQuery(columns: string, text: string): string {
  if (!isAscii(text)) return `{${columns}} : ${ftsString(text)}`;
  const lower = text.toLowerCase();
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= lower.length; i++) grams.add(lower.slice(i, i + 3));
  return `{${columns}} : (${[...grams].map(ftsString).join(' AND ')})`;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQLite: recipes with a higher id are not in the FTS5 index yet (migration 004). */
const NOT_INDEXED_ABOVE = sql`(SELECT watermark FROM recipes_fts_state)`;

/** The trigram index only answers for substrings of at least three characters. */
const indexable = (text: string) => [...text].length >= 3;

const TEXT_FILTERS = (f: RecipeFilters) => [[f.ingredient, 'ingredients'], [f.q, 'title ingredients']] as const;

/**
 * The exact, case-insensitive substring test SQLite applies to candidates, to rows not yet in the
 * index, and to every row when it walks. ASCII text is folded by lower(); other text by fold_case
 * (db/sqlite.ts), because lower() folds ASCII only while FTS5's trigram tokenizer folds all cases.
 */
function exactMatch(columns: 'ingredients' | 'title ingredients', text: string) {
  const fold = sql.raw(isAscii(text) ? 'lower' : 'fold_case');
  const needle = text.toLowerCase();
  return columns === 'ingredients'
    ? sql<boolean>`instr(${fold}(ingredients), ${needle}) > 0`
    : sql<boolean>`(instr(${fold}(title), ${needle}) > 0 OR instr(${fold}(ingredients), ${needle}) > 0)`;
}

/** The sort key's column and direction; `id` in the same direction breaks ties. */
function sortOf(f: RecipeFilters) {
  const desc = f.sort.startsWith('-');
  return { column: SORT_COLUMNS[(desc ? f.sort.slice(1) : f.sort) as keyof typeof SORT_COLUMNS], direction: desc ? 'desc' as const : 'asc' as const };
}

/**
 * SQLite, dense matches: how many rows of the sort order a walk may read before it gives up, and
 * how many times the uniform estimate of what it needs (offset + limit over the match density).
 */
const WALK_MAX_ROWS = 20_000;
const WALK_HEADROOM = 4;

/**
 * Issue 13: `?tag=` (all must match), the one place every listing, count and walk gets it from
 * (migration 005's recipe_tags primary key answers it; tags/tags.repository.ts).
 */
function applyTagFilter<QB extends { where(cond: ReturnType<typeof hasAllTags>): QB }>(qb: QB, f: Pick<RecipeFilters, 'tags'>): QB {
  return f.tags && f.tags.length > 0 ? qb.where(hasAllTags(f.tags)) : qb;
}

function applyFilters<O>(qb: SelectQueryBuilder<Database, 'recipes', O>, dialect: Dialect, f: RecipeFilters) {
  if (f.maxTime !== undefined) qb = qb.where('time_minutes', '<=', f.maxTime);
  if (f.ownerId !== undefined) qb = qb.where('owner_id', '=', f.ownerId);
  qb = applyTagFilter(qb, f);
  for (const [text, columns] of TEXT_FILTERS(f)) {
    if (text === undefined) continue;
    if (dialect === 'postgres') {
      const pattern = likePattern(text);
      qb = columns === 'ingredients'
        ? qb.where(sql<boolean>`ingredients ILIKE ${pattern}`)
        : qb.where(sql<boolean>`(title ILIKE ${pattern} OR ingredients ILIKE ${pattern})`);
    } else {
      if (indexable(text)) {
        // The index, plus the rows written since its last batch (migration 004), few and found by
        // rowid. ASCII candidates are all rechecked below; other text is checked here.
        const tail = isAscii(text) ? sql`` : sql` AND ${exactMatch(columns, text)}`;
        qb = qb.where('id', 'in', sql<number>`(SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${ftsQuery(columns, text)}
          UNION ALL SELECT id FROM recipes WHERE id > ${NOT_INDEXED_ABOVE}${tail})`);
      }
      // The exact check: on its own for short text (the index cannot help), as a recheck otherwise.
      if (!indexable(text) || isAscii(text)) qb = qb.where(exactMatch(columns, text));
    }
  }
  return qb;
}

/** The SQL text of `insert`, per database instance and set of columns. */
const compiledInserts = new WeakMap<Db, Map<string, string>>();

export const recipesRepository = {
  /**
   * One recipe, returned as stored. The hottest write: Kysely builds and compiles the statement
   * once per set of columns (and database), later calls only bind the values.
   */
  async insert(db: Db, row: NewRecipeRow): Promise<RecipeRow> {
    // Kysely leaves out columns whose value is undefined; so does the cache key.
    const columns = (Object.keys(row) as (keyof NewRecipeRow)[]).filter((c) => row[c] !== undefined);
    let perDb = compiledInserts.get(db);
    if (!perDb) compiledInserts.set(db, perDb = new Map());
    const key = columns.join(',');
    let text = perDb.get(key);
    if (text === undefined) perDb.set(key, text = db.insertInto('recipes').values(row).returningAll().compile().sql);
    const { rows } = await db.executeQuery<RecipeRow>(CompiledQuery.raw(text, columns.map((c) => row[c])));
    if (!rows[0]) throw new Error('insert returned no row');
    return rows[0];
  },

  /** Bulk insert for seeding: one multi-row INSERT per call (callers batch and wrap in a transaction). */
  async insertMany(db: Db, rows: NewRecipeRow[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('recipes').values(rows).execute();
  },

  /**
   * SQLite: moves up to `limit` recipes written since the last batch into the FTS5 index and
   * returns how many (migration 004). Reads first, so it takes the write lock only when there is
   * something to index.
   */
  async indexPendingSearch(db: Db, limit: number): Promise<number> {
    const pending = await sql<{ any: number }>`SELECT EXISTS (SELECT 1 FROM recipes WHERE id > ${NOT_INDEXED_ABOVE}) AS any`.execute(db);
    if (!pending.rows[0]?.any) return 0;
    return db.transaction().execute(async (trx) => {
      const batch = await sql<{ last: number | null; n: number }>`SELECT max(id) AS last, count(*) AS n
        FROM (SELECT id FROM recipes WHERE id > ${NOT_INDEXED_ABOVE} ORDER BY id LIMIT ${limit})`.execute(trx);
      const { last, n } = batch.rows[0]!;
      if (last === null || n === 0) return 0;
      await sql`INSERT INTO recipes_fts(rowid, title, ingredients)
        SELECT id, title, ingredients FROM recipes WHERE id > ${NOT_INDEXED_ABOVE} AND id <= ${last}`.execute(trx);
      await sql`UPDATE recipes_fts_state SET watermark = ${last}`.execute(trx);
      return n;
    });
  },

  findById(db: Db, id: number): Promise<RecipeRow | undefined> {
    return db.selectFrom('recipes').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /**
   * The page itself: filters, then the sort key with id as tie-breaker, so an index on
   * (sort key, id) yields rows already in order and LIMIT stops the scan early.
   */
  pageQuery(db: Db, dialect: Dialect, f: RecipeFilters) {
    const { column, direction } = sortOf(f);
    return applyFilters(db.selectFrom('recipes').selectAll(), dialect, f)
      .orderBy(column, direction).orderBy('id', direction)
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
    const texts = TEXT_FILTERS(f).filter(([text]) => text !== undefined) as [string, 'ingredients' | 'title ingredients'][];
    if (f.maxTime !== undefined || f.ownerId !== undefined || f.tags?.length || texts.length === 0 || !texts.every(([text]) => indexable(text))) return undefined;
    const match = texts.map(([text, columns]) => `({${columns}} : ${ftsString(text)})`).join(' AND ');
    const tail = texts.reduce((cond, [text, columns]) => sql`${cond} AND ${exactMatch(columns, text)}`, sql`id > ${NOT_INDEXED_ABOVE}`);
    return sql<{ total: number }>`SELECT count(*) AS total FROM (SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH ${match}
      UNION ALL SELECT id FROM recipes WHERE ${tail})`;
  },

  /**
   * SQLite, for searches that match many rows: reads the first `maxRows` rows in sort order (by
   * the sort index; the other filters are written `+column` so SQLite cannot pick their index
   * instead) and keeps the page among those that match. Reading the FTS5 candidates instead would
   * fetch and sort every match (250 ms for 190k matches among 1M rows); this reads a few hundred.
   */
  walkQuery(db: Db, f: RecipeFilters, maxRows: number) {
    const { column, direction } = sortOf(f);
    let inner = db.selectFrom('recipes').selectAll();
    if (f.maxTime !== undefined) inner = inner.where(sql<boolean>`+time_minutes <= ${f.maxTime}`);
    if (f.ownerId !== undefined) inner = inner.where(sql<boolean>`+owner_id = ${f.ownerId}`);
    let outer = db.selectFrom(inner.orderBy(column, direction).orderBy('id', direction).limit(maxRows).as('recipes')).selectAll();
    for (const [text, columns] of TEXT_FILTERS(f)) if (text !== undefined) outer = outer.where(exactMatch(columns, text));
    outer = applyTagFilter(outer, f);
    return outer.orderBy(column, direction).orderBy('id', direction).limit(f.limit).offset(f.offset);
  },

  /**
   * One page of matches and the total number of matches. Two queries rather than
   * count(*) over (): the window count makes the database produce every match before the
   * first row of the page (over 100 ms at 100k recipes), while a separate count can be answered
   * from an index alone. Outside a transaction they run at once (two pooled connections on
   * PostgreSQL); the count may then see a concurrent insert the page does not, which is harmless.
   */
  async findMany(db: Db, dialect: Dialect, f: RecipeFilters): Promise<{ rows: RecipeRow[]; total: number }> {
    if (dialect === 'sqlite' && TEXT_FILTERS(f).some(([text]) => text !== undefined && indexable(text))) return this.searchSqlite(db, f);
    const both = (conn: Db) => Promise.all([this.pageQuery(conn, dialect, f).execute(), this.countQuery(conn, dialect, f).executeTakeFirstOrThrow()]);
    // PostgreSQL underestimates ILIKE's per-row cost and, on small and mid-sized tables, scans
    // every row (10 ms at 5k rows) instead of using the pg_trgm index (under 2 ms). For these
    // two queries only, and only inside their transaction, steer it away from sequential scans.
    const [rows, count] = dialect === 'postgres' && (f.ingredient !== undefined || f.q !== undefined)
      ? await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        return both(trx);
      })
      : await both(db);
    return { rows, total: Number(count.total) };
  },

  /**
   * SQLite search: the count first, then the page by whichever way reads fewer rows. Sparse
   * matches come from the FTS5 candidates; dense ones from a walk of the sort index (walkQuery),
   * sized from the match density (recipe ids approximate the number of rows). A walk that finds
   * fewer matches than the page needs (they cluster further down the order) gives way to the
   * candidates, so the answer is the same either way.
   */
  async searchSqlite(db: Db, f: RecipeFilters): Promise<{ rows: RecipeRow[]; total: number }> {
    const indexOnly = this.indexOnlyCountQuery(db, f);
    const counted = indexOnly ? (await indexOnly.execute(db)).rows[0] : await this.countQuery(db, 'sqlite', f).executeTakeFirst();
    const total = Number(counted?.total ?? 0);
    const wanted = Math.min(f.limit, total - f.offset);
    if (wanted <= 0) return { rows: [], total };
    // A walk reads at least WALK_HEADROOM × (offset + limit) rows; below that many matches the
    // candidates are always fewer, and the table size need not be asked for.
    const need = (f.offset + f.limit) * WALK_HEADROOM;
    const size = need < total ? (await sql<{ n: number | null }>`SELECT max(id) AS n FROM recipes`.execute(db)).rows[0]?.n ?? 0 : 0;
    const walk = Math.ceil(need * size / total);
    if (need < total && walk <= WALK_MAX_ROWS && walk < total) {
      const rows = await this.walkQuery(db, f, walk).execute();
      if (rows.length === wanted) return { rows, total };
    }
    return { rows: await this.pageQuery(db, 'sqlite', f).execute(), total };
  },

  /** Updates the given fields; with `expectedVersion`, only if nobody changed the row meanwhile. */
  async update(db: Db, id: number, changes: RecipeUpdate, expectedVersion?: number): Promise<RecipeRow | undefined> {
    let qb = db.updateTable('recipes')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
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

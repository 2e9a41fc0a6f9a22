/**
 * Search is one strategy per database, chosen once (by the recipes plugin, from the dialect):
 * SQLite's FTS5 index with its summaries (sqlite.ts), PostgreSQL's pg_trgm with its summaries
 * (postgres.ts). Each answers exactly what the plain page and count queries would.
 */
import type { Db, Dialect } from '../../../lib/db.js';
import type { RecipeFilters } from './filters.js';
import type { Page, PageShape } from './page.js';
import { PostgresSearch } from './postgres.js';
import { SqliteSearch, type SqliteSearchDeps } from './sqlite.js';

export interface RecipeSearch {
  /**
   * Whether a page of `keys` is read as keys (SQLite, where the caller keeps the recipes' JSON
   * texts); PostgreSQL reads whole rows whatever the shape.
   */
  readonly keyPages: boolean;
  /** One page of matches and the total number of matches, by the cheapest exact way. */
  findMany<S extends PageShape = 'rows'>(db: Db, f: RecipeFilters, shape?: S): Promise<Page<S>>;
  /** The plain page query: filters, then the sort key with id as tie-breaker. */
  pageQuery(db: Db, f: RecipeFilters, shape?: PageShape): ReturnType<SqliteSearch['pageQuery']>;
  /** The plain count query. */
  countQuery(db: Db, f: RecipeFilters): ReturnType<SqliteSearch['countQuery']>;
}

/** The search of this database; `deps` is what it keeps between calls (see SqliteSearchDeps). */
export function recipeSearchFor(dialect: Dialect, deps: SqliteSearchDeps = {}): RecipeSearch {
  return dialect === 'sqlite' ? new SqliteSearch(deps) : new PostgresSearch(deps);
}

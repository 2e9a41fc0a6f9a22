/** What RecipesService runs on; the recipes plugin (recipes.plugin.ts) builds it. */
import type { Database, RecipeVisibility } from '../../db/tables.js';
import type { WriteBatch } from '../../db/write-batch.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import type { IngredientWork } from './ingredient-work.js';
import type { ListVersion } from './list-version.js';
import type { RecipeListCaches } from './list-cache.js';
import type { RecipeJsonCache } from './recipe-json-cache.js';
import type { RecipesRepositoryState } from './recipes.repository.js';
import type { SearchIndex } from './search/sqlite-index.js';
import type { RecipeSearch } from './search/strategy.js';
import type { WrittenTerms } from './search/summary-watch.js';

export interface RecipesServiceDeps {
  db: Db;
  /** This database's search (search/strategy.ts), chosen once by the recipes plugin. */
  search: RecipeSearch;
  clock: Clock;
  /** Lets list answers be cached exactly (list-version.ts); without it nothing is cached. */
  listVersion?: ListVersion;
  /** SQLite: indexes new recipes for search in batches (search/sqlite-index.ts). */
  searchIndex?: Pick<SearchIndex, 'schedule'>;
  /** SQLite: new recipes written together share one commit (src/db/write-batch.ts). */
  writes?: Pick<WriteBatch<Database>, 'run'>;
  /** The recipes' JSON texts per stored version (recipe-json-cache.ts); by default none are kept. */
  jsonTexts?: RecipeJsonCache;
  /** What the repository keeps for this database (compiled inserts). */
  repositoryState?: RecipesRepositoryState;
  /** Runs the CPU-heavy ingredient work (ingredient-work.ts); by default all of it on the event loop. */
  work?: IngredientWork;
  /** Listing answers kept for repeated queries (LIST_CACHE_MB, list-cache.ts); by default a store of its own. */
  lists?: RecipeListCaches;
  /** The most ingredient lines a recipe may be given (RECIPE_MAX_LINES). */
  maxLines?: number;
  /** What a new recipe's visibility is when it names none (RECIPE_DEFAULT_VISIBILITY; public by default). */
  defaultVisibility?: RecipeVisibility;
  /** Builds the summaries of the search terms common in the data (search/summary-warmup.ts); by default nothing. */
  warmSummaries?: () => Promise<void>;
  /** Told the ingredient lines of every saved recipe, to summarise the terms writes make common (search/summary-watch.ts). */
  writtenTerms?: Pick<WrittenTerms, 'note'>;
}

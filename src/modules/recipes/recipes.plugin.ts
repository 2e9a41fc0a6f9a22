import fp from 'fastify-plugin';
import { WriteBatch } from '../../db/write-batch.js';
import { configureParseCache, parseCache } from './ingredient-lines.js';
import { reparseOutdatedIngredients } from './ingredient-reparse.js';
import { IngredientWork } from './ingredient-work.js';
import { redisListVersion, sqliteListVersion } from './list-version.js';
import { RecipeJsonCache } from './recipe-json-cache.js';
import { RecipesRepositoryState } from './recipes.repository.js';
import { recipeListCaches } from './list-cache.js';
import { RecipesService } from './recipes.service.js';
import { SearchIndex } from './search/sqlite-index.js';
import { recipeSearchFor } from './search/strategy.js';
import { postgresSummaries } from './search/postgres-summaries.js';
import { sqliteSummaries } from './search/sqlite-summaries.js';
import { SummaryBuilder } from './search/summary-builder.js';
import { warmSummaries } from './search/summary-warmup.js';
import { SummaryTermIds } from './search/summary-terms.js';
import { WrittenTerms } from './search/summary-watch.js';

/** How long one slice of a warm-up on the summary worker may run before builds searches asked for get a turn. */
const WARM_SLICE_MS = 5_000;

/**
 * The recipe catalogue: builds RecipesService and what it runs on for this database, and
 * decorates `recipesService` (and `recipeListCaches`, `recipeJsonTexts`). Everything it starts is stopped with the app; onClose hooks run in
 * reverse order, so the last batch finishes before the database closes. `summaryBuilder` is
 * decorated too, so its work can be observed.
 */
export default fp(
  async (app) => {
    const { config, database } = app;
    const sqlite = database.dialect === 'sqlite';
    // SQLite: new recipes enter the search index in batches (migration 004). Rows a stopped process
    // left unindexed are taken in at start.
    const searchIndex = sqlite
      ? new SearchIndex(app.db, {
          onError: (err) => app.log.warn({ err }, 'search index batch failed; the rows stay searchable and are retried'),
        })
      : undefined;
    if (searchIndex) {
      void searchIndex.flush();
      app.addHook('onClose', () => searchIndex.close());
    }
    const listVersion = database.changeTokens
      ? sqliteListVersion(database.changeTokens.recipes)
      : app.redis
        ? redisListVersion(app.redis, `${config.redisKeyPrefix}recipes:version`, app.log)
        : undefined;
    // SQLite: recipes created together are committed together (group commit, src/db/write-batch.ts);
    // a commit also indexes a batch of recipes for search when one is waiting.
    const writes = sqlite
      ? new WriteBatch(app.db, {
          afterWrites: searchIndex ? (trx) => searchIndex.indexInCommit(trx) : undefined,
          onAfterWritesError: (err) =>
            app.log.warn({ err }, 'indexing recipes in a group commit failed; they stay searchable and the next batch takes them in'),
        })
      : undefined;
    // Search summaries are built in the background, never by a search that waits for them
    // (search/summary-builder.ts): SQLite on a file on a worker thread's own connection, so the
    // process goes on serving meanwhile; in memory on the one connection; PostgreSQL on the pool.
    const onError = (err: unknown) =>
      app.log.warn({ err }, 'building a search summary failed; searches were answered without it, and the next one asks again');
    const summaryBuilder = database.sqliteFile
      ? SummaryBuilder.onWorker(database.sqliteFile, { onError })
      : new SummaryBuilder((text) => (sqlite ? sqliteSummaries.addTerm(app.db, text) : postgresSummaries.build(app.db, text)), { onError });
    app.addHook('onClose', () => summaryBuilder.close());
    app.decorate('summaryBuilder', summaryBuilder);
    // The summarised terms found so far, shared by the search and the watch of written terms.
    const summaryTerms = new SummaryTermIds();
    // Terms that saved recipes make common get their summary asked for, with no search of them (search/summary-watch.ts).
    const writtenTerms = new WrittenTerms({
      db: app.db,
      dialect: database.dialect,
      builder: summaryBuilder,
      summaryTerms,
      onError: (err) => app.log.warn({ err }, 'checking the terms of saved recipes failed; a search of them asks for their summary'),
    });
    app.addHook('onClose', () => writtenTerms.close());
    app.decorate('writtenTerms', writtenTerms);
    // The summaries of the terms common in the data, built without a search asking (at start
    // below, and after imports): one warm-up at a time, and one more if asked for meanwhile.
    let warming: Promise<void> | undefined;
    let warmAgain = false;
    let closingWarmup = false;
    const warmSummariesNow = (): Promise<void> => {
      if (warming) {
        warmAgain = true;
        return warming;
      }
      warming = (async () => {
        const failed = (err: unknown) =>
          app.log.warn({ err }, 'building the summaries of common search terms failed; searches ask for them');
        do {
          warmAgain = false;
          const inWorker = summaryBuilder.warmHere;
          if (inWorker) {
            // SQLite on a file: the whole warm-up runs on the builder's thread, in slices of at
            // most WARM_SLICE_MS so the builds searches ask for get their turn.
            for (let more = true; more && !closingWarmup;) {
              const slice = await inWorker(WARM_SLICE_MS).catch(failed);
              if (!slice) break;
              for (const line of slice.lines) app.log.info(line.data, line.msg);
              more = slice.result.stoppedEarly === true;
            }
          } else {
            await warmSummaries({
              db: app.db,
              dialect: database.dialect,
              builder: summaryBuilder,
              stopped: () => closingWarmup,
              log: (msg, data) => app.log.info(data, msg),
            }).catch(failed);
          }
        } while (warmAgain && !closingWarmup);
      })().finally(() => (warming = undefined));
      return warming;
    };
    // In the background: a start never waits for it (until it is done, searches do not either).
    app.addHook('onReady', async () => {
      void warmSummariesNow();
    });
    app.addHook('onClose', async () => {
      closingWarmup = true;
      await warming;
    });
    // Parsing, scaled views and large writes of ingredients: in worker threads when long, with a
    // per-user limit (ingredient-work.ts).
    const ingredientWork = new IngredientWork(config.ingredientWork);
    app.decorate('ingredientWork', ingredientWork);
    // SQLite only: there a recipe's version moves with every change, from any source (migration 014).
    const jsonTexts = new RecipeJsonCache(sqlite ? config.recipeJsonCacheMb * 1_000_000 : 0);
    const lists = recipeListCaches(config.listCacheMb * 1_000_000, listVersion, app.clock);
    // Decorated so /metrics and tests can see how they fare (the service only uses them).
    app.decorate('recipeListCaches', lists);
    app.decorate('recipeJsonTexts', jsonTexts);
    configureParseCache(config.parseCacheMb * 1_000_000);
    app.decorate(
      'recipesService',
      new RecipesService({
        db: app.db,
        clock: app.clock,
        listVersion,
        searchIndex,
        writes,
        // Chosen once for this database; it remembers the summarised terms it finds.
        search: recipeSearchFor(database.dialect, { summaryTerms, summaryBuilder }),
        writtenTerms,
        repositoryState: new RecipesRepositoryState(),
        jsonTexts,
        work: ingredientWork,
        lists,
        maxLines: config.recipeMaxLines,
        defaultVisibility: config.recipeDefaultVisibility,
        warmSummaries: warmSummariesNow,
      }),
    );
    app.metrics.watchCache('list_answers', () => lists.answers);
    app.metrics.watchCache('recipe_texts', () => jsonTexts.texts);
    app.metrics.watchCache('ingredient_parses', parseCache);
    // Stored ingredient parses from another PARSER_VERSION (or none, after migration 006) are made
    // again in the background, so a start never waits for them; until then a recipe read is parsed on the fly.
    let closing = false;
    const reparse = reparseOutdatedIngredients(app.db, {
      stopped: () => closing,
      // In a worker when long: a batch of long recipes would otherwise hold the loop for seconds.
      parse: (rows) =>
        ingredientWork.run(
          'reparseColumns',
          [rows],
          rows.reduce((n, r) => n + r.ingredients.length, 0),
          '',
        ),
    })
      .then((n) => {
        if (n > 0) app.log.info({ recipes: n }, 'ingredient lines re-parsed with the current parser');
      })
      .catch((err: unknown) =>
        app.log.warn({ err }, 're-parsing ingredient lines failed; recipes are parsed when read, and the next start tries again'),
      );
    app.addHook('onClose', async () => {
      closing = true;
      await reparse;
      await ingredientWork.close();
    });
  },
  { name: 'recipes', dependencies: ['db', 'redis', 'metrics'] },
);

/**
 * Worker-thread side of summary-builder.ts: opens the SQLite file once (the serving process has
 * run the migrations) and builds search summaries on that connection: one term (`build`), or
 * the warm-up of the common terms (`warm`, summary-warmup.ts) for at most `budgetMs`, here rather
 * than driven step by step from a serving thread that may be saturated with searches.
 */
import { createDatabase, type DatabaseHandle } from '../../../db/database.js';
import { serveTasks } from '../../../lib/worker-pool.js';
import { sqliteSummaries, type SummaryText } from './sqlite-summaries.js';
import { warmSummaries } from './summary-warmup.js';

const handles = new Map<string, DatabaseHandle>();
const handleOf = (file: string) => {
  let handle = handles.get(file);
  if (!handle) handles.set(file, (handle = createDatabase({ url: `sqlite:${file}` })));
  return handle;
};

serveTasks({
  build: (file: string, text: SummaryText) => sqliteSummaries.addTerm(handleOf(file).db, text),
  warm: async (file: string, budgetMs: number) => {
    const { db } = handleOf(file);
    const until = Date.now() + budgetMs;
    const lines: { msg: string; data: Record<string, unknown> }[] = [];
    const result = await warmSummaries({
      db,
      dialect: 'sqlite',
      builder: { build: (text) => sqliteSummaries.addTerm(db, text) },
      stopped: () => Date.now() > until,
      log: (msg, data) => lines.push({ msg, data }),
    });
    return { result, lines };
  },
});

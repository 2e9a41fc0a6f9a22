/**
 * Worker-thread side of summary-builder.ts: opens the SQLite file once (the serving process has
 * run the migrations) and builds search summaries on that connection.
 */
import { createDatabase, type DatabaseHandle } from '../../../db/database.js';
import { serveTasks } from '../../../lib/worker-pool.js';
import { sqliteSummaries, type SummaryText } from './sqlite-summaries.js';

const handles = new Map<string, DatabaseHandle>();

serveTasks({
  build: (file: string, text: SummaryText) => {
    let handle = handles.get(file);
    if (!handle) handles.set(file, (handle = createDatabase({ url: `sqlite:${file}` })));
    return sqliteSummaries.addTerm(handle.db, text);
  },
});

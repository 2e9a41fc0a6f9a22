/**
 * `npm run migrate -- status|up|down`: the same migrations on SQLite and PostgreSQL, against
 * DATABASE_URL. The server also migrates up at start; this is for looking first, for running
 * migrations once before rolling out several instances, and for stepping back.
 */
import { ConfigError, loadDatabaseConfig } from '../config.js';
import { createDatabase } from './database.js';

const USAGE = 'usage: npm run migrate -- status|up|down';

async function main(command: string | undefined): Promise<number> {
  if (command !== 'status' && command !== 'up' && command !== 'down') {
    console.error(USAGE);
    return 2;
  }
  const config = loadDatabaseConfig();
  const database = createDatabase({
    url: config.databaseUrl,
    poolSize: 1,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    // DDL on a large table may legitimately take longer than a request may.
    statementTimeoutMs: Math.max(config.dbStatementTimeoutMs, 600_000),
  });
  try {
    if (command === 'status') {
      const all = await database.migrationStatus();
      for (const m of all)
        console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending                          '}  ${m.name}`);
      const pending = all.filter((m) => !m.executedAt).length;
      console.log(`${database.dialect}: ${all.length - pending} applied, ${pending} pending`);
      return 0;
    }
    const result = command === 'up' ? await database.migrate() : await database.migrateDown();
    const changed = result.results ?? [];
    for (const r of changed) console.log(`${r.direction === 'Up' ? 'applied ' : 'reverted'}  ${r.migrationName}  (${r.status})`);
    if (changed.length === 0) console.log(command === 'up' ? 'nothing to apply: up to date' : 'nothing to revert');
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (err) {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : `migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
}

/**
 * `npm run backup -- <file>` and `npm run restore -- <file>` (docs/operations.md), for the
 * database DATABASE_URL names:
 * - SQLite: SQLite's online backup API (better-sqlite3's `backup`), so the service keeps running
 *   and writing meanwhile; the copy is one consistent state of the database, checked with
 *   `PRAGMA integrity_check` before the command reports success. Restoring copies the backup over
 *   the database the same way: stop the service first.
 * - PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` (both must be on
 *   PATH); pg_dump reads one snapshot, so it too runs while the service writes.
 * After a restore the command migrates the database and builds the summaries of the search terms
 * common in its recipes (buildSearchSummaries), so the first searches after it do not pay.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadDatabaseConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';
import { postgresSummaries } from '../src/modules/recipes/search/postgres-summaries.js';
import { sqliteSummaries } from '../src/modules/recipes/search/sqlite-summaries.js';
import { SummaryBuilder } from '../src/modules/recipes/search/summary-builder.js';
import { warmSummaries, type WarmupResult } from '../src/modules/recipes/search/summary-warmup.js';

const sqliteFileOf = (url: string) => {
  const file = url.slice('sqlite:'.length);
  if (!file || file === ':memory:') throw new Error('An in-memory SQLite database cannot be backed up');
  return path.resolve(file);
};

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

function checkIntegrity(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the copy failed its integrity check: ${String(result)}`);
  } finally {
    db.close();
  }
}

/** Copies the database at `url` to `dest` while it is in use. */
export async function backupDatabase(url: string, dest: string): Promise<void> {
  const target = path.resolve(dest);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (url.startsWith('sqlite:')) {
    const source = new Database(sqliteFileOf(url), { fileMustExist: true });
    try {
      await source.backup(target);
    } finally {
      source.close();
    }
    checkIntegrity(target);
    return;
  }
  await run('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, url]);
}

/**
 * After a restore: migrates the database as the service would at start, then builds the
 * summaries of the search terms common in the restored recipes (summary-warmup.ts), so the
 * service's first searches find them. `log` is told each term built.
 */
export async function buildSearchSummaries(url: string, log: (line: string) => void = () => undefined): Promise<WarmupResult> {
  const database = createDatabase({ url, statementTimeoutMs: 3_600_000 });
  try {
    await database.migrate();
    const { db } = database;
    return await warmSummaries({
      db,
      dialect: database.dialect,
      builder: new SummaryBuilder((text) =>
        database.dialect === 'sqlite' ? sqliteSummaries.addTerm(db, text) : postgresSummaries.build(db, text),
      ),
      log: (msg, data) => log(`${msg} ${JSON.stringify(data)}`),
    });
  } finally {
    await database.close();
  }
}

/** Replaces the database at `url` with the backup `src` (stop the service first). */
export async function restoreDatabase(url: string, src: string): Promise<void> {
  const backup = path.resolve(src);
  if (!fs.existsSync(backup)) throw new Error(`no backup at ${backup}`);
  if (url.startsWith('sqlite:')) {
    checkIntegrity(backup);
    const source = new Database(backup, { readonly: true, fileMustExist: true });
    try {
      await source.backup(sqliteFileOf(url));
    } finally {
      source.close();
    }
    return;
  }
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${url}`, backup]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [action, file] = process.argv.slice(2);
  if ((action !== 'backup' && action !== 'restore') || !file) {
    console.error('usage: npm run backup -- <file> | npm run restore -- <file>');
    process.exit(2);
  }
  const { databaseUrl } = loadDatabaseConfig();
  const started = Date.now();
  const restore = async () => {
    await restoreDatabase(databaseUrl, file);
    console.log(`restored from ${file} in ${Date.now() - started} ms; building the summaries of common search terms`);
    const summaries = await buildSearchSummaries(databaseUrl, console.log);
    console.log(`search summaries: ${summaries.built} built, ${summaries.already} there already, in ${summaries.ms} ms`);
  };
  (action === 'backup' ? backupDatabase(databaseUrl, file) : restore()).then(
    () => console.log(`${action === 'backup' ? `backed up to ${file}` : 'restore done'} in ${Date.now() - started} ms`),
    (err: unknown) => {
      console.error(`${action} failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}

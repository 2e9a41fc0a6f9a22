/**
 * `npm run backup -- <file>` and `npm run restore -- <file>` (docs/operations.md), for the
 * database DATABASE_URL names:
 * - SQLite: SQLite's online backup API (better-sqlite3's `backup`), so the service keeps running
 *   and writing meanwhile; the copy is one consistent state of the database, checked with
 *   `PRAGMA integrity_check` before the command reports success. Restoring copies the backup over
 *   the database the same way: stop the service first.
 * - PostgreSQL: `pg_dump --format=custom` of the service's schema (the first one on the URL's
 *   search_path, `public` by default) and pg_trgm, which its indexes need; pg_dump reads one
 *   snapshot, so it too runs while the service writes. Restoring replaces that schema with the
 *   backup's in one transaction (psql --single-transaction fed by pg_restore): a failure at any
 *   point, a damaged archive included, leaves the database as it was. pg_dump, pg_restore and
 *   psql (14 or newer) must be on PATH.
 * After a restore the command migrates the database and builds the summaries of the search terms
 * common in its recipes (buildSearchSummaries), so the first searches after it do not pay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
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

/** Resolves when the child exits with 0; `name` is what an error calls it. */
function exited(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code ?? signal}`))));
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return exited(spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env }), command);
}

/** What the command printed, once it exited with 0. */
async function output(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c));
  await exited(child, command);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * How libpq's tools reach the database a DATABASE_URL names. The URL is written for node-pg,
 * which takes `?options=-c search_path=myschema` as docs/configuration.md shows it; libpq refuses
 * the bare `=` and space in a parameter, so every parameter is written again percent-encoded.
 * The password goes in PGPASSWORD rather than on the command line, where `ps` would show it.
 * node-pg's own spellings of TLS (`ssl=true`, `sslmode=no-verify`) become libpq's `require`.
 */
export function libpqTarget(url: string): { uri: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('DATABASE_URL is not a postgres:// URL');
  const params = new Map<string, string>();
  for (const [key, value] of u.searchParams) {
    if (key === 'ssl') {
      if ((value === 'true' || value === '1') && !u.searchParams.has('sslmode')) params.set('sslmode', 'require');
    } else params.set(key, key === 'sslmode' && value === 'no-verify' ? 'require' : value);
  }
  const query = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return { uri: `postgresql://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}${query ? `?${query}` : ''}`, env };
}

/** The schema the service's tables are in: the first existing one on the URL's search_path (null if none exists). */
async function currentSchema(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s ?? null;
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The schema a backup made by `backupDatabase` holds, from its table of contents (which also proves the file is an archive). */
async function schemaOfArchive(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  const toc = await output('pg_restore', ['--list', file], env);
  const schema = /^\d+; \d+ \d+ SCHEMA - (\S+) /m.exec(toc)?.[1];
  if (!schema) throw new Error(`${file} holds no schema: not a backup made by npm run backup`);
  return schema;
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
  const schema = await currentSchema(url);
  if (schema === null) throw new Error('no schema on the search_path of DATABASE_URL exists: nothing to back up');
  const { uri, env } = libpqTarget(url);
  // The schema only (not the whole database, which may hold others); pg_trgm with it, since its
  // indexes need the extension and a database restored from scratch has none.
  await run(
    'pg_dump',
    ['--format=custom', '--no-owner', `--schema=${quoteIdent(schema)}`, '--extension=pg_trgm', `--file=${target}`, `--dbname=${uri}`],
    env,
  );
  await schemaOfArchive(target, env);
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

/**
 * PostgreSQL: the backup's schema dropped and made again from the archive, in one transaction.
 * pg_restore writes the archive as SQL into psql; psql's input is only ended (and so the
 * transaction committed) once pg_restore has exited cleanly, else psql is stopped and the
 * transaction rolls back. A lock the running service holds makes it fail after 30 s instead of waiting.
 */
async function restorePostgres(url: string, backup: string): Promise<void> {
  const { uri, env } = libpqTarget(url);
  const schema = await schemaOfArchive(backup, env);
  const current = await currentSchema(url);
  if (current !== null && current !== schema)
    throw new Error(`the backup holds schema "${schema}", but DATABASE_URL uses "${current}": nothing was changed`);
  const reader = spawn('pg_restore', ['--no-owner', '--no-comments', '--file=-', backup], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const writer = spawn(
    'psql',
    [
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      `--dbname=${uri}`,
      `--command=SET client_min_messages = warning; SET lock_timeout = '30s'; DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`,
      '--file=-',
    ],
    { stdio: ['pipe', 'ignore', 'inherit'], env },
  );
  // psql stopping early (an error) closes its input under pg_restore; its own exit says why.
  writer.stdin!.on('error', () => {});
  reader.stdout!.pipe(writer.stdin!, { end: false });
  const written = exited(writer, 'psql');
  try {
    await exited(reader, 'pg_restore');
  } catch (err) {
    writer.kill('SIGTERM');
    await written.catch(() => {});
    throw err;
  }
  writer.stdin!.end();
  await written;
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
  await restorePostgres(url, backup);
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

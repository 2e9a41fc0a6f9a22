import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * SQLite only: counters that triggers bump on every write to the tables a cache depends on, so a
 * process (or any of several processes on one file) can tell in one tiny read whether cached
 * list results or checked tokens may still be used. Narrower than "any write at all": a login's
 * refresh-token row does not throw away the recipe list cache.
 */
const WATCHED: [table: string, counter: 'recipes' | 'auth'][] = [
  ['recipes', 'recipes'],
  ['users', 'auth'],
  ['revoked_tokens', 'auth'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`CREATE TABLE change_counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
  await sql`INSERT INTO change_counters (name, n) VALUES ('recipes', 0), ('auth', 0)`.execute(db);
  for (const [table, counter] of WATCHED) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER cc_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
        UPDATE change_counters SET n = n + 1 WHERE name = '${counter}'; END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  for (const [table] of WATCHED) {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS cc_${table}_${event}`).execute(db);
  }
  await sql`DROP TABLE IF EXISTS change_counters`.execute(db);
}

/** Rows written straight to the database, for tests of the layers under the routes. */
import type { Db } from '../../src/lib/db.js';

/**
 * A user row written straight to the database (no password, no API), for tests of the layers
 * under the routes that need an owner for their recipes.
 */
export async function insertUser(db: Db, username = 'o', createdAt = 'now'): Promise<{ id: number }> {
  return db
    .insertInto('users')
    .values({ username, username_key: username, password_hash: 'x', created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
}

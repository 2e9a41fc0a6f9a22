/** The database types every layer shares: the typed Kysely handle (or a transaction on it), and which database it is. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/** The Kysely instance, or a transaction of it: repositories take either as their first argument. */
export type Db = Kysely<Database>;

export type Dialect = 'sqlite' | 'postgres';

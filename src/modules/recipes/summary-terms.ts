/**
 * The ids of summarised search terms (`search_terms`, migrations 011 on SQLite and 012 on
 * PostgreSQL, same shape on both). A term once summarised stays so (terms are never removed;
 * deleted recipes leave it with fewer postings), so a found id is remembered per database handle
 * and later searches skip the lookup. A transaction's handle is not the pool's, so it looks up.
 */
import { sql } from 'kysely';
import type { Db } from '../../lib/db.js';


export interface SummaryTerm { term: string; columns: 'ingredients' | 'title ingredients' }

const known = new WeakMap<Db, Map<string, number>>();
/** At most this many remembered ids per handle (twice the most terms either database keeps). */
const MAX_REMEMBERED = 2000;

/** The summarised term's id, if it is one. */
export async function findSummaryTerm(db: Db, t: SummaryTerm): Promise<number | undefined> {
  const key = `${t.columns}:${t.term}`;
  const remembered = known.get(db)?.get(key);
  if (remembered !== undefined) return remembered;
  const { rows } = await sql<{ id: number }>`SELECT id FROM search_terms WHERE columns = ${t.columns} AND term = ${t.term}`.execute(db);
  const id = rows[0]?.id;
  if (id !== undefined) {
    let perDb = known.get(db);
    if (!perDb) known.set(db, perDb = new Map());
    if (perDb.size < MAX_REMEMBERED) perDb.set(key, id);
  }
  return id;
}

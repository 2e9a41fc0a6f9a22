/**
 * The ids of summarised search terms (`search_terms`, migrations 011 on SQLite and 012 on
 * PostgreSQL, same shape on both). A term once summarised stays so (terms are never removed;
 * deleted recipes leave it with fewer postings), so a found id can be remembered and later
 * searches skip the lookup. What is remembered belongs to one database: a SummaryTermIds is
 * built per database (recipes.plugin.ts) and given to that database's search (strategy.ts).
 * A lookup inside a transaction is given none: it reads what that transaction sees.
 */
import type { SearchTermsTable } from '../../../db/tables.js';
import type { Db } from '../../../lib/db.js';

export interface SummaryTerm {
  term: string;
  columns: 'ingredients' | 'title ingredients';
}

/** At most this many remembered ids (twice the most terms either database keeps). */
const MAX_REMEMBERED = 2000;

/** The summarised term ids found so far on one database. */
export class SummaryTermIds {
  private readonly ids = new Map<string, number>();

  get(t: SummaryTerm): number | undefined {
    return this.ids.get(`${t.columns}:${t.term}`);
  }

  remember(t: SummaryTerm, id: number): void {
    if (this.ids.size < MAX_REMEMBERED) this.ids.set(`${t.columns}:${t.term}`, id);
  }
}

/** The summarised term's id, if it is one; `remembered` skips the lookup for a term found before. */
export async function findSummaryTerm(db: Db, t: SummaryTerm, remembered?: SummaryTermIds): Promise<number | undefined> {
  const known = remembered?.get(t);
  if (known !== undefined) return known;
  const row = await db
    .withTables<{ search_terms: SearchTermsTable }>()
    .selectFrom('search_terms')
    .select('id')
    .where('columns', '=', t.columns)
    .where('term', '=', t.term)
    .executeTakeFirst();
  const id = row?.id;
  if (id !== undefined) remembered?.remember(t, id);
  return id;
}

/**
 * SQLite: how a text filter is tested, by the FTS5 trigram index (migrations 004, 007, 013) and
 * exactly, on the folded text. FTS5's MATCH has no place in Kysely's builder, and the exact test
 * must be the same expression the index was built from, so these stay raw SQL.
 */
import { sql } from 'kysely';
import { FOLDED_INGREDIENTS, FOLDED_TITLE, type TextFilter } from './filters.js';

const ftsString = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * An FTS5 query over the case-sensitive trigram index of folded text for a literal substring:
 * the AND of its trigrams, which FTS5 answers several times faster than a phrase; the caller
 * rechecks the candidates exactly (as pg_trgm rechecks). Trigrams are of code points, as FTS5's.
 */
export function ftsQuery({ columns, term }: TextFilter): string {
  const chars = [...term];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return `{${columns}} : (${[...grams].map(ftsString).join(' AND ')})`;
}

/** The exact FTS5 phrase: on a trigram index of folded text, exactly the rows holding the folded term. */
export const ftsPhrase = ({ columns, term }: TextFilter) => `{${columns}} : ${ftsString(term)}`;

/**
 * Recipes with a higher id are not in the FTS5 index (nor the search summaries) yet (migration
 * 004). Raw: a scalar subquery compared inside other raw statements of this folder.
 */
export const NOT_INDEXED_ABOVE = sql`(SELECT watermark FROM recipes_fts_state)`;

/** The trigram index only answers for substrings of at least three characters. */
export const indexable = (t: TextFilter) => [...t.term].length >= 3;

/** The exact substring test on folded text, for candidates, the unindexed tail and walks. */
export function exactMatch({ columns, term }: TextFilter) {
  return columns === 'ingredients'
    ? sql<boolean>`instr(${FOLDED_INGREDIENTS}, ${term}) > 0`
    : sql<boolean>`(instr(${FOLDED_TITLE}, ${term}) > 0 OR instr(${FOLDED_INGREDIENTS}, ${term}) > 0)`;
}

/**
 * The ids of the indexed recipes holding the term: the FTS5 phrase (exact on folded text) read
 * alone, or for short terms the exact test.
 */
export const indexedHolding = (text: TextFilter) =>
  indexable(text)
    ? sql`SELECT rowid AS id FROM recipes_fts WHERE recipes_fts MATCH ${ftsPhrase(text)}`
    : sql`SELECT id FROM recipes WHERE id <= ${NOT_INDEXED_ABOVE} AND ${exactMatch(text)}`;

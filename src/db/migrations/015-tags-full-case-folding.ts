import { sql, type Kysely } from 'kysely';
import { foldCase } from '../../lib/fold.js';
import { isPostgres } from './dialect.js';

/**
 * Tags are case-folded as search folds text (src/lib/fold.ts), no longer only lower-cased, so
 * "ΟΔΟΣ"/"οδος" and "Straße"/"strasse" are one tag. Stored tags are brought to that form here, in
 * `recipes.tags` and `recipe_tags` alike, so `?tag=` and `GET /tags` find them under the new
 * form. ASCII tags fold to their lower case, which they already are, so only recipes whose tags
 * hold other characters are read. Nothing is dropped: two tags of one recipe that now fold to one
 * become that one, and a tag whose folding would exceed the 40 characters of a tag (ß is ss) is
 * kept as it was.
 */
const MAX_TAG_LENGTH = 40;

function refold(tags: string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const folded = foldCase(tag);
    out.add([...folded].length <= MAX_TAG_LENGTH ? folded : tag);
  }
  return [...out];
}

function parse(stored: string): string[] | null {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) && value.every((t) => typeof t === 'string') ? (value as string[]) : null;
  } catch {
    return null;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const nonAscii = isPostgres(db) ? sql`octet_length(tags) <> char_length(tags)` : sql`length(CAST(tags AS BLOB)) <> length(tags)`;
  for (let after = 0; ;) {
    const { rows } = await sql<{
      id: number;
      tags: string;
    }>`SELECT id, tags FROM recipes WHERE id > ${after} AND (${nonAscii}) ORDER BY id LIMIT 500`.execute(db);
    if (rows.length === 0) return;
    for (const row of rows) {
      const tags = parse(row.tags);
      if (!tags) continue; // a damaged value reads as no tags (recipe-tags.ts); leave it as it is
      const folded = refold(tags);
      if (JSON.stringify(folded) === JSON.stringify(tags)) continue;
      await sql`UPDATE recipes SET tags = ${JSON.stringify(folded)} WHERE id = ${row.id}`.execute(db);
      await sql`DELETE FROM recipe_tags WHERE recipe_id = ${row.id}`.execute(db);
      for (const tag of folded) await sql`INSERT INTO recipe_tags (tag, recipe_id) VALUES (${tag}, ${row.id})`.execute(db);
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** Folded tags are valid tags of the earlier rules too: nothing to undo. */
export async function down(): Promise<void> {}

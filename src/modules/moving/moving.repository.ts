/**
 * SQL of moving in and out: import jobs (migration 021), the re-run check against the owner's
 * recipes, and the reads the export streams (ids first, then one recipe at a time).
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../lib/db.js';
import type { ImportJobsTable, RecipesTable } from '../../db/tables.js';

export type ImportJobRow = Selectable<ImportJobsTable>;
export type ExportRow = Pick<
  Selectable<RecipesTable>,
  | 'id'
  | 'title'
  | 'ingredients'
  | 'ingredient_lines'
  | 'time_minutes'
  | 'instructions'
  | 'servings'
  | 'source_url'
  | 'image_url'
  | 'tags'
  | 'image'
  | 'created_at'
  | 'updated_at'
>;

export const movingRepository = {
  insertJob(db: Db, row: ImportJobRow): Promise<unknown> {
    return db.insertInto('import_jobs').values(row).execute();
  },

  getJob(db: Db, id: string): Promise<ImportJobRow | undefined> {
    return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  },

  runningJob(db: Db, userId: number): Promise<ImportJobRow | undefined> {
    return db.selectFrom('import_jobs').selectAll().where('user_id', '=', userId).where('status', '=', 'running').executeTakeFirst();
  },

  async updateJob(db: Db, id: string, changes: Partial<Omit<ImportJobRow, 'id' | 'user_id' | 'created_at'>>): Promise<void> {
    await db.updateTable('import_jobs').set(changes).where('id', '=', id).execute();
  },

  async deleteJob(db: Db, id: string): Promise<void> {
    await db.deleteFrom('import_jobs').where('id', '=', id).execute();
  },

  /** A recipe of the owner from this source, if any. */
  async recipeWithSource(db: Db, ownerId: number, sourceUrl: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('recipes')
      .select('id')
      .where('owner_id', '=', ownerId)
      .where('source_url', '=', sourceUrl)
      .executeTakeFirst();
    return row?.id;
  },

  /** The owner's recipes with this title, with their ingredients text. */
  recipesTitled(db: Db, ownerId: number, title: string): Promise<Array<{ id: number; ingredients: string }>> {
    return db.selectFrom('recipes').select(['id', 'ingredients']).where('owner_id', '=', ownerId).where('title', '=', title).execute();
  },

  /** The owner's recipes, oldest first: ids and their pictures' JSON (small), what the export lists up front. */
  recipeIndex(db: Db, ownerId: number): Promise<Array<{ id: number; image: string | null }>> {
    return db.selectFrom('recipes').select(['id', 'image']).where('owner_id', '=', ownerId).orderBy('id').execute();
  },

  /** One recipe of the owner as the export writes it (undefined when it was deleted meanwhile). */
  exportRow(db: Db, ownerId: number, id: number): Promise<ExportRow | undefined> {
    return db
      .selectFrom('recipes')
      .select([
        'id',
        'title',
        'ingredients',
        'ingredient_lines',
        'time_minutes',
        'instructions',
        'servings',
        'source_url',
        'image_url',
        'tags',
        'image',
        'created_at',
        'updated_at',
      ])
      .where('owner_id', '=', ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
};

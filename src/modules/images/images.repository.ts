/** All SQL about pictures (migration 016). Takes the Kysely instance or a transaction first; never sees HTTP. */
import { sql } from 'kysely';
import type { RecipeRow } from '../../db/tables.js';
import type { Db, Dialect } from '../../lib/db.js';

export interface NewImageSet {
  id: string;
  width: number;
  height: number;
  variants: string;
  created_at: string;
}
export interface NewImageVariant {
  hash: string;
  width: number;
  height: number;
  type: string;
  bytes: Buffer;
}

export const imagesRepository = {
  /**
   * Inserts the set, or, when it is there already, takes its row lock by rewriting a column with
   * its own value: until the transaction ends, no removal of the set (removeSetIfUnused) can
   * start, and one that started first has finished (and the insert then makes the row anew).
   */
  async upsertSet(db: Db, set: NewImageSet): Promise<void> {
    await db
      .insertInto('image_sets')
      .values(set)
      .onConflict((oc) => oc.column('id').doUpdateSet({ width: (eb) => eb.ref('excluded.width') }))
      .execute();
  },

  async insertVariants(db: Db, setId: string, variants: readonly NewImageVariant[], createdAt: string): Promise<void> {
    if (variants.length === 0) return;
    await db
      .insertInto('image_variants')
      .values(
        variants.map((v) => ({
          hash: v.hash,
          set_id: setId,
          width: v.width,
          height: v.height,
          type: v.type,
          bytes: v.bytes,
          created_at: createdAt,
        })),
      )
      .onConflict((oc) => oc.columns(['hash', 'set_id']).doNothing())
      .execute();
  },

  async variantByHash(db: Db, hash: string): Promise<{ bytes: Buffer; type: string } | undefined> {
    const row = await db.selectFrom('image_variants').select(['bytes', 'type']).where('hash', '=', hash).limit(1).executeTakeFirst();
    return row && { bytes: Buffer.from(row.bytes), type: row.type };
  },

  async deleteVariants(db: Db, setId: string): Promise<void> {
    await db.deleteFrom('image_variants').where('set_id', '=', setId).execute();
  },

  async recipeOwner(db: Db, id: number): Promise<number | undefined> {
    return (await db.selectFrom('recipes').select('owner_id').where('id', '=', id).executeTakeFirst())?.owner_id;
  },

  /** The recipe's owner and picture, its row locked (PostgreSQL) until the transaction ends. */
  async lockRecipe(db: Db, dialect: Dialect, id: number): Promise<Pick<RecipeRow, 'owner_id' | 'image_set'> | undefined> {
    let qb = db.selectFrom('recipes').select(['owner_id', 'image_set']).where('id', '=', id);
    // SQLite has no FOR UPDATE: its transactions take the write lock when they begin (src/db/sqlite.ts).
    if (dialect === 'postgres') qb = qb.forUpdate();
    return qb.executeTakeFirst();
  },

  /** Links the recipe to a picture (or to none); the recipe's version moves, so its ETag and kept JSON text change. */
  async setRecipeImage(db: Db, id: number, image: { set: string; json: string } | null, updatedAt: string): Promise<RecipeRow | undefined> {
    return db
      .updateTable('recipes')
      .set((eb) => ({ image_set: image?.set ?? null, image: image?.json ?? null, updated_at: updatedAt, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * Removes the set when no recipe links to it any more. The set's row is locked
   * first (PostgreSQL; SQLite runs one write transaction at a time), and the links are counted by
   * a statement that starts after the lock is held, so a transaction that links a recipe to this
   * set either committed before (its link is seen) or waits and makes the set anew.
   * Returns the hashes of its variants, for the store to remove in the same transaction; [] when it stays.
   */
  async removeSetIfUnused(db: Db, dialect: Dialect, setId: string): Promise<string[]> {
    let lock = db.selectFrom('image_sets').select('id').where('id', '=', setId);
    if (dialect === 'postgres') lock = lock.forUpdate();
    if (!(await lock.executeTakeFirst())) return [];
    const used = await db
      .selectFrom('recipes')
      .select(sql<number>`1`.as('one'))
      .where('image_set', '=', setId)
      .limit(1)
      .executeTakeFirst();
    if (used) return [];
    const hashes = await db.selectFrom('image_variants').select('hash').where('set_id', '=', setId).execute();
    await db.deleteFrom('image_sets').where('id', '=', setId).execute();
    return hashes.map((h) => h.hash);
  },

  /** Sets no recipe links to (left by a recipe deleted while its picture changed, or a stopped process). */
  async unusedSetIds(db: Db, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('image_sets')
      .select('id')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('recipes').select('recipes.id').whereRef('recipes.image_set', '=', 'image_sets.id'))),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
};

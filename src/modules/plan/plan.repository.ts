/** All SQL of the meal plan and its calendar-feed tokens. Takes the Kysely instance (or a transaction) first. */
import type { RecipeVisibility } from '../../db/tables.js';
import type { Db } from '../../lib/db.js';

export interface PlanRow {
  id: number;
  date: string;
  slot: 'breakfast' | 'lunch' | 'dinner' | 'snack';
  recipe_id: number | null;
  note: string | null;
  servings: number | null;
  updated_at: string;
  title: string | null;
  time_minutes: number | null;
  image: string | null;
  owner_id: number | null;
  visibility: RecipeVisibility | null;
  recipe_servings: number | null;
}

const SLOT_ORDER = { breakfast: 0, lunch: 1, dinner: 2, snack: 3 } as const;

function entries(db: Db) {
  return db
    .selectFrom('plan_entries as p')
    .leftJoin('recipes as r', 'r.id', 'p.recipe_id')
    .select([
      'p.id',
      'p.date',
      'p.slot',
      'p.recipe_id',
      'p.note',
      'p.servings',
      'p.updated_at',
      'r.title',
      'r.time_minutes',
      'r.image',
      'r.owner_id',
      'r.visibility',
      'r.servings as recipe_servings',
    ]);
}

export const planRepository = {
  async range(db: Db, householdId: number, from: string, to: string): Promise<PlanRow[]> {
    const rows = (await entries(db)
      .where('p.household_id', '=', householdId)
      .where('p.date', '>=', from)
      .where('p.date', '<=', to)
      .orderBy('p.date')
      .orderBy('p.id')
      .execute()) as PlanRow[];
    return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : SLOT_ORDER[a.slot] - SLOT_ORDER[b.slot] || a.id - b.id));
  },

  /** The entries of a range that have a recipe: only what a shopping list needs of them, in plan order. */
  async plannedRecipes(db: Db, householdId: number, from: string, to: string) {
    const rows = await db
      .selectFrom('plan_entries')
      .select(['id', 'date', 'slot', 'recipe_id', 'servings'])
      .where('household_id', '=', householdId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('recipe_id', 'is not', null)
      .execute();
    return rows
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : SLOT_ORDER[a.slot] - SLOT_ORDER[b.slot] || a.id - b.id))
      .map((r) => ({ id: r.id, recipe_id: r.recipe_id!, servings: r.servings }));
  },

  async find(db: Db, householdId: number, id: number): Promise<PlanRow | undefined> {
    return (await entries(db).where('p.household_id', '=', householdId).where('p.id', '=', id).executeTakeFirst()) as PlanRow | undefined;
  },

  async insert(
    db: Db,
    row: {
      household_id: number;
      date: string;
      slot: PlanRow['slot'];
      recipe_id: number | null;
      note: string | null;
      servings: number | null;
      created_by: number;
      at: string;
    },
  ): Promise<number> {
    const { at, ...values } = row;
    const inserted = await db
      .insertInto('plan_entries')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async update(
    db: Db,
    householdId: number,
    id: number,
    changes: Partial<{ date: string; slot: PlanRow['slot']; recipe_id: number | null; note: string | null; servings: number | null }>,
    at: string,
  ): Promise<boolean> {
    const r = await db
      .updateTable('plan_entries')
      .set({ ...changes, updated_at: at })
      .where('household_id', '=', householdId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async delete(db: Db, householdId: number, id: number): Promise<boolean> {
    const r = await db.deleteFrom('plan_entries').where('household_id', '=', householdId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  /** Replaces the user's feed token (the old one stops working). */
  async setFeedToken(db: Db, userId: number, hash: string, at: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('plan_feed_tokens').where('user_id', '=', userId).execute();
      await trx.insertInto('plan_feed_tokens').values({ token_hash: hash, user_id: userId, created_at: at }).execute();
    });
  },

  async deleteFeedToken(db: Db, userId: number): Promise<boolean> {
    const r = await db.deleteFrom('plan_feed_tokens').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  async feedTokenUser(db: Db, hash: string): Promise<number | undefined> {
    const row = await db.selectFrom('plan_feed_tokens').select('user_id').where('token_hash', '=', hash).executeTakeFirst();
    return row?.user_id;
  },
};

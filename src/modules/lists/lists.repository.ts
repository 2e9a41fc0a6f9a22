/** All SQL of shopping lists, their items and events, pantries, remembered aisles and event tickets. */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/migrations/dialect.js';
import type { Db } from '../../lib/db.js';
import { isAisle, type ListItem } from './merge/list-item.js';

export interface StoredItem extends ListItem {
  position: number;
}

export interface ListEvent {
  id: number;
  type: string;
  data: string;
}

const itemOf = (r: {
  id: string;
  position: number;
  food: string;
  name: string;
  category: string;
  checked: number;
  amounts: string;
  sources: string;
}): StoredItem => ({
  id: r.id,
  position: r.position,
  food: r.food,
  name: r.name,
  category: isAisle(r.category) ? r.category : 'other',
  checked: Boolean(r.checked),
  amounts: JSON.parse(r.amounts),
  sources: JSON.parse(r.sources),
});

export const listsRepository = {
  async summaries(db: Db, householdId: number) {
    const rows = await db
      .selectFrom('shopping_lists as l')
      .leftJoin('list_items as i', 'i.list_id', 'l.id')
      .select((eb) => [
        'l.id',
        'l.name',
        eb.fn.count<number>('i.id').as('items'),
        eb.fn.coalesce(eb.fn.sum<number>('i.checked'), eb.lit(0)).as('checked'),
      ])
      .where('l.household_id', '=', householdId)
      .groupBy(['l.id', 'l.name'])
      .orderBy('l.id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, items: Number(r.items), checked: Number(r.checked) }));
  },

  async create(db: Db, householdId: number, name: string, at: string): Promise<number> {
    const row = await db
      .insertInto('shopping_lists')
      .values({ household_id: householdId, name, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  find(db: Db, householdId: number, id: number) {
    return db
      .selectFrom('shopping_lists')
      .select(['id', 'name'])
      .where('household_id', '=', householdId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** In a transaction: the list's row, locked (PostgreSQL FOR UPDATE; a SQLite transaction holds the one connection), so changes to one list run one at a time. */
  lock(trx: Db, householdId: number, id: number) {
    let q = trx.selectFrom('shopping_lists').select(['id', 'name']).where('household_id', '=', householdId).where('id', '=', id);
    if (isPostgres(trx as Kysely<unknown>)) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  async rename(db: Db, id: number, name: string, at: string): Promise<void> {
    await db.updateTable('shopping_lists').set({ name, updated_at: at }).where('id', '=', id).execute();
  },

  async delete(db: Db, id: number): Promise<void> {
    await db.deleteFrom('shopping_lists').where('id', '=', id).execute();
  },

  async items(db: Db, listId: number): Promise<StoredItem[]> {
    const rows = await db
      .selectFrom('list_items')
      .select(['id', 'position', 'food', 'name', 'category', 'checked', 'amounts', 'sources'])
      .where('list_id', '=', listId)
      .orderBy('position')
      .execute();
    return rows.map(itemOf);
  },

  /**
   * Writes what a merge changed: new items inserted after the last position, changed ones
   * updated in their food, name, totals and sources only (never `checked`, which is its own
   * field, written by whoever checks), removed ones deleted.
   */
  async write(
    trx: Db,
    listId: number,
    existing: ReadonlySet<string>,
    changed: readonly ListItem[],
    removed: readonly string[],
    at: string,
    /** The list's last position, when the caller read the items under the list's lock; else read here. */
    lastPosition?: number,
  ) {
    if (removed.length) await trx.deleteFrom('list_items').where('list_id', '=', listId).where('id', 'in', removed).execute();
    const fresh = changed.filter((i) => !existing.has(i.id));
    const updated = changed.filter((i) => existing.has(i.id));
    if (updated.length > 1 && isPostgres(trx as Kysely<unknown>)) {
      // A plan merging into a list changes most of its items: one statement, not one per item.
      const rows = updated.map((i) => sql`(${i.id}, ${i.food}, ${i.name}, ${JSON.stringify(i.amounts)}, ${JSON.stringify(i.sources)})`);
      await sql`UPDATE list_items AS l SET food = v.food, name = v.name, amounts = v.amounts, sources = v.sources, updated_at = ${at}
        FROM (VALUES ${sql.join(rows)}) AS v(id, food, name, amounts, sources)
        WHERE l.id = v.id AND l.list_id = ${listId}`.execute(trx);
    } else {
      for (const item of updated)
        await trx
          .updateTable('list_items')
          .set({
            food: item.food,
            name: item.name,
            amounts: JSON.stringify(item.amounts),
            sources: JSON.stringify(item.sources),
            updated_at: at,
          })
          .where('id', '=', item.id)
          .where('list_id', '=', listId)
          .execute();
    }
    if (!fresh.length) return;
    let position =
      lastPosition ??
      Number(
        (
          await trx
            .selectFrom('list_items')
            .select((eb) => eb.fn.max<number>('position').as('p'))
            .where('list_id', '=', listId)
            .executeTakeFirst()
        )?.p ?? 0,
      );
    // In chunks: a plan adds hundreds of items, and SQLite allows 32,766 bound values per statement.
    for (let i = 0; i < fresh.length; i += 200) {
      await trx
        .insertInto('list_items')
        .values(
          fresh.slice(i, i + 200).map((item) => ({
            id: item.id,
            list_id: listId,
            position: ++position,
            food: item.food,
            name: item.name,
            category: item.category,
            checked: item.checked ? 1 : 0,
            checked_at: null,
            amounts: JSON.stringify(item.amounts),
            sources: JSON.stringify(item.sources),
            updated_at: at,
          })),
        )
        .execute();
    }
  },

  async setFields(trx: Db, listId: number, itemId: string, fields: { checked?: boolean; category?: string }, at: string): Promise<void> {
    await trx
      .updateTable('list_items')
      .set({
        ...(fields.checked !== undefined ? { checked: fields.checked ? 1 : 0, checked_at: at } : {}),
        ...(fields.category !== undefined ? { category: fields.category } : {}),
        updated_at: at,
      })
      .where('list_id', '=', listId)
      .where('id', '=', itemId)
      .execute();
  },

  async deleteItems(trx: Db, listId: number, ids: readonly string[]): Promise<void> {
    if (ids.length) await trx.deleteFrom('list_items').where('list_id', '=', listId).where('id', 'in', ids).execute();
  },

  async addEvent(trx: Db, listId: number, type: string, data: unknown, ms: number): Promise<number> {
    const row = await trx
      .insertInto('list_events')
      .values({ list_id: listId, type, data: JSON.stringify(data), created_at: ms })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  },

  async eventsAfter(db: Db, listId: number, afterId: number, limit = 1000): Promise<ListEvent[]> {
    const rows = await db
      .selectFrom('list_events')
      .select(['id', 'type', 'data'])
      .where('list_id', '=', listId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  },

  async lastEventId(db: Db, listId: number): Promise<number> {
    const row = await db
      .selectFrom('list_events')
      .select((eb) => eb.fn.max<number>('id').as('id'))
      .where('list_id', '=', listId)
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  },

  async pruneEvents(db: Db, beforeMs: number): Promise<void> {
    await db.deleteFrom('list_events').where('created_at', '<', beforeMs).execute();
  },

  async pantry(db: Db, householdId: number): Promise<string[] | undefined> {
    const row = await db.selectFrom('household_pantry').select('foods').where('household_id', '=', householdId).executeTakeFirst();
    return row ? JSON.parse(row.foods) : undefined;
  },

  async setPantry(db: Db, householdId: number, foods: string[]): Promise<void> {
    await db
      .insertInto('household_pantry')
      .values({ household_id: householdId, foods: JSON.stringify(foods) })
      .onConflict((oc) => oc.column('household_id').doUpdateSet({ foods: JSON.stringify(foods) }))
      .execute();
  },

  async aisles(db: Db, householdId: number): Promise<Map<string, string>> {
    const rows = await db.selectFrom('household_aisles').select(['food', 'category']).where('household_id', '=', householdId).execute();
    return new Map(rows.map((r) => [r.food, r.category]));
  },

  async rememberAisle(db: Db, householdId: number, food: string, category: string): Promise<void> {
    await db
      .insertInto('household_aisles')
      .values({ household_id: householdId, food, category })
      .onConflict((oc) => oc.columns(['household_id', 'food']).doUpdateSet({ category }))
      .execute();
  },

  async addTicket(
    db: Db,
    row: { ticket_hash: string; user_id: number; list_id: number; claims: string; expires_at: number },
  ): Promise<void> {
    await db.insertInto('list_event_tickets').values(row).execute();
  },

  /** Spends a ticket: deleted as it is read, so a second use finds nothing. */
  async spendTicket(db: Db, hash: string, nowSec: number) {
    const row = await db
      .deleteFrom('list_event_tickets')
      .where('ticket_hash', '=', hash)
      .returning(['user_id', 'list_id', 'claims', 'expires_at'])
      .executeTakeFirst();
    await db.deleteFrom('list_event_tickets').where('expires_at', '<', nowSec).execute();
    return row && Number(row.expires_at) >= nowSec ? row : undefined;
  },
};

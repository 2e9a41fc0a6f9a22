import type { Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * The household's meal plan and shopping lists (src/modules/plan, src/modules/lists).
 *
 * - `plan_entries`: one per date and slot use, with a recipe (SET NULL when the recipe goes), a
 *   note, or both; read by household and date range.
 * - `plan_feed_tokens`: the calendar feed's tokens (GET /plan.ics?token=), kept only as their
 *   SHA-256 hash, one per user; deleting the row revokes the feed.
 * - `shopping_lists`, `list_items`: an item keeps its sources and totals as JSON (the merge
 *   engine's model, recomputed from the sources on every change); `position` keeps list order;
 *   `checked_at` is when `checked` was last written (last write wins, per field).
 * - `list_events`: every change to a list, numbered by `id`, so a live stream resumes from
 *   Last-Event-ID on any instance; old ones are pruned.
 * - `list_event_tickets`: single-use, 60-second tickets a browser's EventSource presents instead
 *   of a header; hashed.
 * - `household_pantry` and `household_aisles`: the pantry's foods, and aisles chosen by hand per food.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = isPostgres(db) ? 'serial' : 'integer';
  const bigserial = isPostgres(db) ? 'bigserial' : 'integer';
  await db.schema
    .createTable('plan_entries')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('slot', 'varchar(10)', (c) => c.notNull())
    .addColumn('recipe_id', 'integer', (c) => c.references('recipes.id').onDelete('set null'))
    .addColumn('note', 'varchar(500)')
    .addColumn('servings', 'integer')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_entries_household_date').on('plan_entries').columns(['household_id', 'date']).execute();
  await db.schema.createIndex('plan_entries_recipe').on('plan_entries').column('recipe_id').execute();

  await db.schema
    .createTable('plan_feed_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shopping_lists')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shopping_lists_household').on('shopping_lists').column('household_id').execute();

  await db.schema
    .createTable('list_items')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('list_id', 'integer', (c) => c.notNull().references('shopping_lists.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('food', 'varchar(300)', (c) => c.notNull())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checked_at', 'varchar(40)')
    .addColumn('amounts', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_items_list').on('list_items').columns(['list_id', 'position']).execute();

  await db.schema
    .createTable('list_events')
    .addColumn('id', bigserial, (c) => c.primaryKey())
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_events_list').on('list_events').columns(['list_id', 'id']).execute();

  await db.schema
    .createTable('list_event_tickets')
    .addColumn('ticket_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('list_id', 'integer', (c) => c.notNull().references('shopping_lists.id').onDelete('cascade'))
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('household_pantry')
    .addColumn('household_id', 'integer', (c) => c.primaryKey().references('households.id').onDelete('cascade'))
    .addColumn('foods', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('household_aisles')
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('food', 'varchar(300)', (c) => c.notNull())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addPrimaryKeyConstraint('household_aisles_pk', ['household_id', 'food'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'household_aisles',
    'household_pantry',
    'list_event_tickets',
    'list_events',
    'list_items',
    'shopping_lists',
    'plan_feed_tokens',
    'plan_entries',
  ])
    await db.schema.dropTable(t).execute();
}

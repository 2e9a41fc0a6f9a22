/**
 * Shopping lists of a household, around the merge engine (merge/): every change to a list runs
 * in a transaction that locks the list's row, reads its items, merges, writes only what changed
 * and records one event, so two changes to one list never interleave and none is lost. Checking
 * and the aisle are fields of their own, written by whoever changes them: the last write wins,
 * per field, and a merge never writes them back. After the commit the live streams are told.
 */
import { randomUUID } from 'node:crypto';
import { BadRequest, NotFound, Unauthorized } from '../../errors.js';
import { hashOneTimeCode, newOneTimeCode } from '../../lib/one-time-code.js';
import type { AccessClaims } from '../auth/tokens.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import type { HouseholdsService } from '../households/households.service.js';
import type { PlanService } from '../plan/plan.service.js';
import type { RecipeAccess } from '../plan/recipe-access.js';
import type { AisleOverrides } from './merge/aisles.js';
import { itemView } from './merge/display.js';
import { isAisle, type Aisle, type ListItem } from './merge/list-item.js';
import { addRecipes, addTypedLine, removeRecipe, type MergeResult, type RecipeAddition } from './merge/merge.js';
import { DEFAULT_PANTRY_FOODS, pantryOf, tidyPantryFoods, type SkipReport } from './merge/pantry.js';
import { listsRepository as repo, type StoredItem } from './lists.repository.js';
import type { ListItemView, PatchItemBody } from './lists.schemas.js';

/** How long an event-stream ticket may wait to be spent. */
export const TICKET_TTL_SEC = 60;

export interface ListsServiceDeps {
  db: Db;
  clock: Clock;
  households: Pick<HouseholdsService, 'householdIdOf'>;
  recipes: RecipeAccess;
  plan: Pick<PlanService, 'plannedRecipes'>;
  /** Called after a change to a list is committed (the live streams fetch its events). */
  changed: (listId: number) => void;
}

export interface ListView {
  id: number;
  name: string;
  items: ListItemView[];
  skipped?: SkipReport;
}

interface Change {
  household: number;
  list: { id: number; name: string };
  items: StoredItem[];
  trx: Db;
  at: string;
}

export class ListsService {
  constructor(private readonly deps: ListsServiceDeps) {}

  private now(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  private async household(userId: number): Promise<number> {
    return this.deps.households.householdIdOf(userId);
  }

  /** Runs `fn` on the locked list (404 when the household has no such list); records the event it returns and tells the streams after the commit. */
  private async change<T>(
    userId: number,
    listId: number,
    fn: (c: Change) => Promise<{ result: T; event: { type: string; data: unknown } | null }>,
    known?: number,
  ): Promise<T> {
    const household = known ?? (await this.household(userId));
    const at = this.now();
    const { result, event } = await this.deps.db.transaction().execute(async (trx) => {
      const list = await repo.lock(trx, household, listId);
      if (!list) throw NotFound('List not found');
      const done = await fn({ household, list, items: await repo.items(trx, listId), trx, at });
      if (done.event) await repo.addEvent(trx, listId, done.event.type, done.event.data, this.deps.clock());
      return done;
    });
    if (event) this.deps.changed(listId);
    return result;
  }

  /** Writes a merge's result and gives the event that announces it. */
  private async apply(c: Change, merged: MergeResult, view: (i: ListItem) => ListItemView = (i) => itemView(i)) {
    const existing = new Set(c.items.map((i) => i.id));
    // New items go after the last: the items were read under the list's lock, so theirs is the last position.
    const last = c.items.reduce((max, i) => Math.max(max, i.position), 0);
    await repo.write(c.trx, c.list.id, existing, merged.changed, merged.removed, c.at, last);
    return { type: 'items', data: { items: merged.changed.map(view), removed: merged.removed } };
  }

  private async context(db: Db, household: number) {
    const [stored, aisles] = await Promise.all([repo.pantry(db, household), repo.aisles(db, household)]);
    const overrides: AisleOverrides = new Map([...aisles].filter((e): e is [string, Aisle] => isAisle(e[1])));
    return { newId: () => randomUUID(), pantry: pantryOf(stored ?? DEFAULT_PANTRY_FOODS), aisles: overrides };
  }

  async summaries(userId: number) {
    return repo.summaries(this.deps.db, await this.household(userId));
  }

  async get(userId: number, listId: number): Promise<ListView> {
    const list = await repo.find(this.deps.db, await this.household(userId), listId);
    if (!list) throw NotFound('List not found');
    return { ...list, items: (await repo.items(this.deps.db, listId)).map((i) => itemView(i)) };
  }

  async create(userId: number, name: string): Promise<ListView> {
    const id = await repo.create(this.deps.db, await this.household(userId), name.trim(), this.now());
    return { id, name: name.trim(), items: [] };
  }

  async rename(userId: number, listId: number, name: string): Promise<ListView> {
    await this.change(userId, listId, async (c) => {
      await repo.rename(c.trx, listId, name.trim(), c.at);
      return { result: null, event: { type: 'renamed', data: { name: name.trim() } } };
    });
    return this.get(userId, listId);
  }

  async delete(userId: number, listId: number): Promise<void> {
    // The event outlives the list (events have no foreign key), so its streams learn it went and close.
    await this.change(userId, listId, async (c) => {
      await repo.delete(c.trx, listId);
      return { result: null, event: { type: 'deleted', data: {} } };
    });
  }

  /** A typed line: merged into the unchecked item of its food (`merged`), or a new item. */
  async addLine(userId: number, listId: number, text: string): Promise<{ item: ListItemView; merged: boolean }> {
    return this.change(userId, listId, async (c) => {
      const { aisles } = await this.context(c.trx, c.household);
      const merged = addTypedLine(c.items, { origin: `typed:${randomUUID()}`, text }, { newId: () => randomUUID(), aisles });
      if ('error' in merged) throw BadRequest(merged.error);
      const event = await this.apply(c, merged);
      return { result: { item: itemView(merged.item), merged: merged.merged }, event };
    });
  }

  /**
   * Recipes' lines at their servings, pantry foods skipped; one recipe or a plan's worth. The
   * recipes come in one query of the recipes' own (parsed once, those the caller may not see left
   * out), read with the pantry and the remembered aisles before the list is locked: the lock is
   * held only to read the items, merge, write them in one statement and record the event. (The
   * pantry and aisles are the household's, not the list's: the lock never covered them.)
   */
  private async addRecipeRows(
    userId: number,
    household: number,
    listId: number,
    wanted: { recipe_id: number; servings?: number; origin: string }[],
    context?: Promise<Awaited<ReturnType<ListsService['context']>>>,
  ) {
    const [recipes, ctx] = await Promise.all([
      this.deps.recipes.ingredientsOf(
        userId,
        wanted.map((w) => w.recipe_id),
      ),
      context ?? this.context(this.deps.db, household),
    ]);
    const additions: RecipeAddition[] = [];
    for (const w of wanted) {
      const recipe = recipes.get(w.recipe_id);
      if (!recipe) continue;
      additions.push({
        origin: w.origin,
        recipe_id: recipe.id,
        recipe_servings: recipe.servings,
        servings: w.servings,
        lines: recipe.lines,
      });
    }
    // The list as the merge left it is the answer: no second read, and each item shown once.
    const views = new Map<ListItem, ListItemView>();
    const view = (i: ListItem) => views.get(i) ?? views.set(i, itemView(i)).get(i)!;
    return this.change(
      userId,
      listId,
      async (c) => {
        const merged = addRecipes(c.items, additions, ctx);
        if ('error' in merged) throw BadRequest(`Recipe ${merged.recipe_id}: ${merged.error}`);
        const event = merged.changed.length || merged.removed.length ? await this.apply(c, merged, view) : null;
        return { result: { ...c.list, items: merged.items.map(view), skipped: merged.skipped }, event };
      },
      household,
    );
  }

  async addRecipe(userId: number, listId: number, recipeId: number, servings?: number): Promise<ListView> {
    await this.deps.recipes.get(userId, recipeId);
    const household = await this.household(userId);
    if (!(await repo.find(this.deps.db, household, listId))) throw NotFound('List not found');
    return this.addRecipeRows(userId, household, listId, [{ recipe_id: recipeId, servings, origin: `recipe:${recipeId}:${randomUUID()}` }]);
  }

  /** Every planned recipe of the range, at its planned servings (a list of another household is 404 when it is locked). */
  async addPlan(userId: number, listId: number, from: string, to: string): Promise<ListView> {
    const household = await this.household(userId);
    const context = this.context(this.deps.db, household);
    // Not left unhandled while the plan is read: addRecipeRows awaits it.
    context.catch(() => undefined);
    const entries = await this.deps.plan.plannedRecipes(household, from, to);
    const wanted = entries.map((e) => ({
      recipe_id: e.recipe_id,
      servings: e.servings ?? undefined,
      origin: `plan:${e.id}:${randomUUID()}`,
    }));
    return this.addRecipeRows(userId, household, listId, wanted, context);
  }

  /** Takes every amount a recipe brought back out (items left with nothing go). */
  async removeRecipe(userId: number, listId: number, recipeId: number): Promise<ListView> {
    await this.change(userId, listId, async (c) => {
      const merged = removeRecipe(c.items, recipeId);
      return { result: null, event: merged.changed.length || merged.removed.length ? await this.apply(c, merged) : null };
    });
    return this.get(userId, listId);
  }

  /**
   * Checks or unchecks (last write wins), sets the aisle (remembered for the food by the
   * household), or makes the item the line typed instead.
   */
  async patchItem(userId: number, listId: number, itemId: string, body: PatchItemBody): Promise<ListItemView> {
    return this.change(userId, listId, async (c) => {
      let item: ListItem | undefined = c.items.find((i) => i.id === itemId);
      if (!item) throw NotFound('Item not found');
      if (body.text !== undefined) {
        const { aisles } = await this.context(c.trx, c.household);
        const made = addTypedLine([], { origin: `typed:${randomUUID()}`, text: body.text }, { newId: () => itemId, aisles });
        if ('error' in made) throw BadRequest(made.error);
        item = { ...made.item, checked: item.checked };
        await repo.write(c.trx, listId, new Set([itemId]), [item], [], c.at);
        await repo.setFields(c.trx, listId, itemId, { category: item.category }, c.at);
      }
      if (body.category !== undefined) {
        item = { ...item, category: body.category };
        await repo.rememberAisle(c.trx, c.household, item.food, body.category);
      }
      if (body.checked !== undefined) item = { ...item, checked: body.checked };
      await repo.setFields(c.trx, listId, itemId, { checked: body.checked, category: body.category }, c.at);
      const view = itemView(item);
      return { result: view, event: { type: 'items', data: { items: [view], removed: [] } } };
    });
  }

  async deleteItem(userId: number, listId: number, itemId: string): Promise<void> {
    await this.change(userId, listId, async (c) => {
      if (!c.items.some((i) => i.id === itemId)) throw NotFound('Item not found');
      await repo.deleteItems(c.trx, listId, [itemId]);
      return { result: null, event: { type: 'items', data: { items: [], removed: [itemId] } } };
    });
  }

  async clearChecked(userId: number, listId: number): Promise<ListView> {
    await this.change(userId, listId, async (c) => {
      const removed = c.items.filter((i) => i.checked).map((i) => i.id);
      await repo.deleteItems(c.trx, listId, removed);
      return { result: null, event: removed.length ? { type: 'items', data: { items: [], removed } } : null };
    });
    return this.get(userId, listId);
  }

  async pantry(userId: number): Promise<{ foods: string[] }> {
    const foods = await repo.pantry(this.deps.db, await this.household(userId));
    return { foods: foods ?? [...DEFAULT_PANTRY_FOODS] };
  }

  async setPantry(userId: number, foods: readonly unknown[]): Promise<{ foods: string[] }> {
    const tidy = tidyPantryFoods(foods);
    if ('error' in tidy) throw BadRequest(tidy.error);
    await repo.setPantry(this.deps.db, await this.household(userId), tidy.foods);
    return tidy;
  }

  /** A single-use ticket, valid a minute, for a browser's EventSource (which sends no header); it carries the session's claims. */
  async ticket(userId: number, listId: number, claims: AccessClaims): Promise<{ ticket: string; expires_in: number }> {
    if (!(await repo.find(this.deps.db, await this.household(userId), listId))) throw NotFound('List not found');
    const ticket = newOneTimeCode();
    await repo.addTicket(this.deps.db, {
      ticket_hash: hashOneTimeCode(ticket),
      user_id: userId,
      list_id: listId,
      claims: JSON.stringify(claims),
      expires_at: Math.floor(this.deps.clock() / 1000) + TICKET_TTL_SEC,
    });
    return { ticket, expires_in: TICKET_TTL_SEC };
  }

  /** Spends a ticket for this list: the user and the claims of the session that asked for it, or 401. */
  async spendTicket(ticket: string, listId: number): Promise<{ id: number; claims: AccessClaims }> {
    const row = await repo.spendTicket(this.deps.db, hashOneTimeCode(ticket), Math.floor(this.deps.clock() / 1000));
    if (!row || row.list_id !== listId) throw Unauthorized('Unknown, used or expired ticket');
    return { id: row.user_id, claims: JSON.parse(row.claims) as AccessClaims };
  }
}

/**
 * The household's meal plan: entries by date and slot with a recipe the caller may see, a note,
 * or both; servings default to the recipe's. Every member reads and changes the same plan; an
 * entry of another household is 404. The calendar feed is read with a token made for one user
 * (kept hashed, revoked by deleting it), and shows that user's household's plan as it is now.
 */
import { BadRequest, NotFound, Unauthorized } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import { hashOneTimeCode, newOneTimeCode } from '../../lib/one-time-code.js';
import type { HouseholdsService } from '../households/households.service.js';
import { planCalendar } from './plan-ics.js';
import { planRepository as repo, type PlanRow } from './plan.repository.js';
import type { PlanCreate, PlanEntry, PlanUpdate } from './plan.schemas.js';
import type { RecipeAccess } from './recipe-access.js';

/** The longest range GET /plan and POST /lists/{id}/plan take, in days (both ends included). */
export const MAX_PLAN_DAYS = 92;
/** What the calendar feed covers, around today. */
const FEED_DAYS_BACK = 31;
const FEED_DAYS_AHEAD = 92;

export interface PlanServiceDeps {
  db: Db;
  clock: Clock;
  households: Pick<HouseholdsService, 'householdIdOf'>;
  recipes: RecipeAccess;
}

const DAY_MS = 86_400_000;

/** Epoch ms of a YYYY-MM-DD that is a real date, else null ("2026-02-30" is not). */
export function dayOf(date: string): number | null {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date ? ms : null;
}

/** A checked range: both real dates, `to` not before `from`, at most MAX_PLAN_DAYS days. */
export function checkRange(from: string, to: string): void {
  const a = dayOf(from);
  const b = dayOf(to);
  if (a === null || b === null) throw BadRequest('from and to must be real dates (YYYY-MM-DD)');
  if (b < a) throw BadRequest('to must not be before from');
  if ((b - a) / DAY_MS + 1 > MAX_PLAN_DAYS) throw BadRequest(`A range covers at most ${MAX_PLAN_DAYS} days`);
}

export class PlanService {
  constructor(private readonly deps: PlanServiceDeps) {}

  private now(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  /** Rows as the caller sees them: a recipe they may not see shows as no recipe. */
  private async views(userId: number, rows: PlanRow[]): Promise<PlanEntry[]> {
    const sees = rows.some((r) => r.recipe_id !== null) ? await this.deps.recipes.seer(userId) : () => false;
    return rows.map((r) => {
      const visible =
        r.recipe_id !== null && r.owner_id !== null && r.visibility !== null && sees({ owner_id: r.owner_id, visibility: r.visibility });
      return {
        id: r.id,
        date: r.date,
        slot: r.slot,
        recipe_id: visible ? r.recipe_id : null,
        recipe: visible
          ? { id: r.recipe_id!, title: r.title!, time_minutes: r.time_minutes, image: r.image === null ? null : JSON.parse(r.image) }
          : null,
        note: r.note,
        servings: r.servings ?? (visible ? r.recipe_servings : null),
      };
    });
  }

  async range(userId: number, from: string, to: string): Promise<PlanEntry[]> {
    checkRange(from, to);
    const household = await this.deps.households.householdIdOf(userId);
    return this.views(userId, await repo.range(this.deps.db, household, from, to));
  }

  /**
   * The household's planned recipes of a range, with their planned servings (null: the recipe's
   * own), in plan order; whether the caller may see each recipe is the lists' lookup to apply.
   */
  async plannedRecipes(
    householdId: number,
    from: string,
    to: string,
  ): Promise<{ id: number; recipe_id: number; servings: number | null }[]> {
    checkRange(from, to);
    return repo.plannedRecipes(this.deps.db, householdId, from, to);
  }

  private async entry(userId: number, household: number, id: number): Promise<PlanEntry> {
    const row = await repo.find(this.deps.db, household, id);
    if (!row) throw NotFound('Plan entry not found');
    return (await this.views(userId, [row]))[0]!;
  }

  async create(userId: number, body: PlanCreate): Promise<PlanEntry> {
    if (dayOf(body.date) === null) throw BadRequest('date must be a real date (YYYY-MM-DD)');
    const recipeId = body.recipe_id ?? null;
    const note = body.note?.trim() || null;
    if (recipeId === null && note === null) throw BadRequest('An entry needs a recipe_id, a note, or both');
    const recipe = recipeId === null ? null : await this.deps.recipes.get(userId, recipeId);
    const household = await this.deps.households.householdIdOf(userId);
    const id = await repo.insert(this.deps.db, {
      household_id: household,
      date: body.date,
      slot: body.slot,
      recipe_id: recipeId,
      note,
      servings: body.servings ?? recipe?.servings ?? null,
      created_by: userId,
      at: this.now(),
    });
    return this.entry(userId, household, id);
  }

  async update(userId: number, id: number, body: PlanUpdate): Promise<PlanEntry> {
    const household = await this.deps.households.householdIdOf(userId);
    const row = await repo.find(this.deps.db, household, id);
    if (!row) throw NotFound('Plan entry not found');
    if (body.date !== undefined && dayOf(body.date) === null) throw BadRequest('date must be a real date (YYYY-MM-DD)');
    const changes: PlanUpdate = {};
    if (body.date !== undefined) changes.date = body.date;
    if (body.slot !== undefined) changes.slot = body.slot;
    if (body.note !== undefined) changes.note = body.note?.trim() || null;
    if (body.servings !== undefined) changes.servings = body.servings;
    if (body.recipe_id !== undefined && body.recipe_id !== row.recipe_id) {
      changes.recipe_id = body.recipe_id;
      const recipe = body.recipe_id === null ? null : await this.deps.recipes.get(userId, body.recipe_id);
      // A new recipe brings its own servings unless the change says otherwise.
      if (body.servings === undefined) changes.servings = recipe?.servings ?? null;
    }
    const recipeAfter = changes.recipe_id !== undefined ? changes.recipe_id : row.recipe_id;
    const noteAfter = changes.note !== undefined ? changes.note : row.note;
    if (recipeAfter === null && noteAfter === null) throw BadRequest('An entry needs a recipe_id, a note, or both');
    if (!(await repo.update(this.deps.db, household, id, changes as Parameters<typeof repo.update>[3], this.now())))
      throw NotFound('Plan entry not found');
    return this.entry(userId, household, id);
  }

  async delete(userId: number, id: number): Promise<void> {
    const household = await this.deps.households.householdIdOf(userId);
    if (!(await repo.delete(this.deps.db, household, id))) throw NotFound('Plan entry not found');
  }

  /** A new feed token for the caller; the one before stops working. Shown once, kept hashed. */
  async newFeedToken(userId: number): Promise<{ token: string; url: string }> {
    const token = newOneTimeCode();
    await repo.setFeedToken(this.deps.db, userId, hashOneTimeCode(token), this.now());
    return { token, url: `/plan.ics?token=${token}` };
  }

  async revokeFeedToken(userId: number): Promise<void> {
    if (!(await repo.deleteFeedToken(this.deps.db, userId))) throw NotFound('No feed token to revoke');
  }

  /** The iCalendar text of the feed token's household plan, a month back to three months ahead. */
  async feed(token: string | undefined): Promise<string> {
    if (!token) throw Unauthorized('Missing feed token');
    const userId = await repo.feedTokenUser(this.deps.db, hashOneTimeCode(token));
    if (userId === undefined) throw Unauthorized('Unknown or revoked feed token');
    const today = Math.floor(this.deps.clock() / DAY_MS) * DAY_MS;
    const from = new Date(today - FEED_DAYS_BACK * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(today + FEED_DAYS_AHEAD * DAY_MS).toISOString().slice(0, 10);
    const household = await this.deps.households.householdIdOf(userId);
    const rows = await repo.range(this.deps.db, household, from, to);
    return planCalendar(await this.views(userId, rows), rows, this.now());
  }
}

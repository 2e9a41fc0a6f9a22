/**
 * Who may see a recipe (migration 020): `public` every signed-in user, `household` the members of
 * the owner's household, `private` the owner. A recipe the caller may not see is 404 on every
 * route and absent from every list, count, tag count and search.
 *
 * Listings stay as fast as before while every recipe is public (the default): then nobody's
 * answer depends on who asks, the summaries count for everyone and one cached answer serves every
 * caller. Whether any recipe is not public is asked once per list version (list-version.ts) and
 * again after an answer was read without the rule, so an answer read while a recipe turned
 * private is never served. Once a recipe is not public, listings apply the rule in SQL
 * (search/filters.ts visibilityFilter), and their cached answers are keyed by the caller and
 * their household's members.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RecipeRow, RecipeVisibility } from '../../db/tables.js';
import type { ListVersion } from './list-version.js';
import type { VisibleTo } from './search/filters.js';

/** Who asks: their id, and (asked only when needed) the ids of their household's members, themselves included. */
export interface Viewer {
  id: number;
  members(): Promise<readonly number[]>;
}

/** A viewer whose members are read once, however often they are asked for. */
export function viewer(id: number, members: () => Promise<readonly number[]>): Viewer {
  let read: Promise<readonly number[]> | undefined;
  return { id, members: () => (read ??= members()) };
}

/** The caller of an authenticated request, their household's members read from the households service when needed. */
export function requestViewer(app: FastifyInstance, request: FastifyRequest): Viewer {
  const id = request.user.id;
  return viewer(id, () => app.householdsService.memberIdsOf(id));
}

/** Thrown out of a listing read without the rule when a recipe was found not public afterwards: read it again with the rule. */
export class VisibilityChanged extends Error {}

export class RecipeVisibilityRule {
  /** Whether any recipe is not public, per list version token (only one token is remembered). */
  private known?: { token: string; any: boolean };

  constructor(
    /** Whether any recipe is not public now (recipesRepository.anyNotPublic: one probe of a partial index). */
    readonly anyNotPublic: () => Promise<boolean>,
    private readonly version: ListVersion | undefined,
  ) {}

  /**
   * What a listing must apply for this viewer: nothing (undefined) while every recipe is public,
   * else the rule. Remembered per list version only when the version did not move while it was asked.
   */
  async scopeFor(v: Viewer): Promise<VisibleTo | undefined> {
    const token = await this.version?.current();
    let any: boolean;
    if (token !== undefined && this.known?.token === token) any = this.known.any;
    else {
      any = await this.anyNotPublic();
      if (token !== undefined && (await this.version?.current()) === token) this.known = { token, any };
    }
    return any ? { userId: v.id, members: await v.members() } : undefined;
  }

  /** Whether the viewer may see the row. */
  async canSee(row: Pick<RecipeRow, 'owner_id' | 'visibility'>, v: Viewer): Promise<boolean> {
    return isVisible(row.visibility, row.owner_id, v.id, row.visibility === 'household' ? await v.members() : []);
  }
}

/** The rule itself, for a row in memory. */
export function isVisible(visibility: RecipeVisibility, ownerId: number, userId: number, members: readonly number[]): boolean {
  return visibility === 'public' || ownerId === userId || (visibility === 'household' && members.includes(ownerId));
}

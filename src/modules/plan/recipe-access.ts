/**
 * Which recipes a caller may put in the household's plan or on its lists, and see there: the one
 * place the plan and the lists look a recipe up, so the recipes' visibility rule is applied once.
 * The rule itself is the recipes' own (recipes/visibility.ts); a recipe the caller may not see is 404, as GET /recipes/{id} answers it.
 */
import type { RecipeRow, RecipeVisibility } from '../../db/tables.js';
import { NotFound } from '../../errors.js';
import type { HouseholdsService } from '../households/households.service.js';
import type { RecipesService } from '../recipes/recipes.service.js';
import type { RecipeIngredients } from '../recipes/ingredient-lines.js';
import { isVisible, viewer } from '../recipes/visibility.js';

export interface RecipeAccess {
  /** The recipe, or 404 when there is none or the caller may not see it. */
  get(userId: number, recipeId: number): Promise<RecipeRow>;
  /** A test for rows already read: may the caller see a recipe of this owner and visibility? */
  seer(userId: number): Promise<(row: { owner_id: number; visibility: RecipeVisibility }) => boolean>;
  /** Many recipes' parsed lines and servings in one query, of those the caller may see (the recipes' own lookup). */
  ingredientsOf(userId: number, ids: readonly number[]): Promise<Map<number, RecipeIngredients>>;
}

export function recipeAccess(
  recipes: Pick<RecipesService, 'get' | 'ingredientsOf'>,
  households: Pick<HouseholdsService, 'memberIdsOf'>,
): RecipeAccess {
  const seer = async (userId: number) => {
    const members = await households.memberIdsOf(userId);
    return (row: { owner_id: number; visibility: RecipeVisibility }) => isVisible(row.visibility, row.owner_id, userId, members);
  };
  return {
    seer,
    ingredientsOf: (userId, ids) =>
      recipes.ingredientsOf(
        ids,
        viewer(userId, () => households.memberIdsOf(userId)),
      ),
    async get(userId, recipeId) {
      const row = await recipes.get(recipeId);
      if (!(await seer(userId))(row)) throw NotFound('Recipe not found');
      return row;
    },
  };
}

/**
 * The meal plan: builds PlanService (and the recipe lookup the plan and the lists share, which
 * applies the recipes' visibility) and decorates `planService` and `recipeAccess`.
 */
import fp from 'fastify-plugin';
import { PlanService } from './plan.service.js';
import { recipeAccess } from './recipe-access.js';

export default fp(
  async (app) => {
    const recipes = recipeAccess(app.recipesService, app.householdsService);
    app.decorate('recipeAccess', recipes);
    app.decorate('planService', new PlanService({ db: app.db, clock: app.clock, households: app.householdsService, recipes }));
  },
  { name: 'plan', dependencies: ['db', 'households', 'recipes'] },
);

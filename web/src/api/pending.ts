/**
 * Calls whose routes are being added to the API right now (POST /scrape/recipe with html/text,
 * GET /recipes/{id}?servings=&units=&factor=). Typed loosely here until the generated client has
 * them; then each becomes a plain `api.*` call and this file goes.
 */
import { api } from './client';
import type { Recipe } from '../types';

type Result<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
type LooseGet = (path: '/recipes/{id}', init: { params: { path: { id: number }; query: Record<string, string | number> } }) => Result<Recipe>;
type LoosePost = (path: '/scrape/recipe', init: { body: unknown }) => Result<unknown>;

export const getRecipeScaled = (id: number, query: Record<string, string | number>) =>
  (api.GET as unknown as LooseGet)('/recipes/{id}', { params: { path: { id }, query } });

export const previewPage = (body: object) => (api.POST as unknown as LoosePost)('/scrape/recipe', { body });
